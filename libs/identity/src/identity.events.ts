/** What identity tells the libs above it (DomainEvents). */
declare module '@kennisplein/core' {
  interface DomainEventMap {
    /** An account was made (registration, an admin, institution sign-in); its email may be unverified. */
    'user.registered': { userId: string; email: string; emailVerified: boolean };
    /**
     * An account's email is verified (its verification link, a password reset, an admin,
     * an institution's verified claim) or changed to a verified new one: the kennisbank
     * links it to the authors with that email. Unverified accounts are never linked.
     */
    'user.email-verified': { userId: string; email: string };
  }
}

export {};
