/** What the kennisbank tells the libs above it (DomainEvents). */
declare module '@kennisplein/core' {
  interface DomainEventMap {
    /**
     * The kennisbank's public answers changed (a contribution created, updated or its
     * authors linked, a congress made), after the commit: kept anonymous answers go.
     */
    'kennisbank.changed': { contributionId?: string };
  }
}

export {};
