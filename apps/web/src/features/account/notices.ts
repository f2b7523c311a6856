/** The navigation state that tells the home page why the reader was sent there. */
export const ACCOUNT_DELETED_STATE = { notice: 'accountDeleted' } as const;

export function isAccountDeletedState(state: unknown): boolean {
  return typeof state === 'object' && state !== null && (state as { notice?: unknown }).notice === ACCOUNT_DELETED_STATE.notice;
}
