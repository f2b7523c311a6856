/** What community tells the libs above it (DomainEvents). */
declare module '@kennisplein/core' {
  interface DomainEventMap {
    /**
     * Who may see a group changed: a member left or was removed (userId; revoked says
     * whether they can no longer see it), or its visibility changed (no userId).
     */
    'group.access-changed': { groupId: string; userId?: string; revoked?: boolean };
    /**
     * What someone (userId) may do in a deelsite's groups changed with their site role, or
     * what everyone may (no userId). Its groups are not named: listeners re-check what they keep.
     */
    'site.access-changed': { siteId: string; userId?: string };
  }
}

export {};
