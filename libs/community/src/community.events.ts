/** What community tells the libs above it (DomainEvents). */
declare module '@kennisplein/core' {
  interface DomainEventMap {
    /**
     * Who may see a group changed: a member left or was removed (userId; revoked says
     * whether they can no longer see it), or its visibility changed (no userId).
     */
    'group.access-changed': { groupId: string; userId?: string; revoked?: boolean };
  }
}

export {};
