export const LOCALES = ['nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DIGEST_FREQUENCIES = ['weekly', 'daily', 'never'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

/** An account as identity answers it. Deleted accounts stay as anonymised rows so what they wrote keeps an author. */
export interface User {
  id: string;
  /** Unique case-insensitively. */
  email: string;
  /** When the account proved it reads mail at `email`; null until then. */
  emailVerifiedAt: Date | null;
  /** A new address asked for by PATCH /me, taking effect once verified. */
  pendingEmail: string | null;
  displayName: string;
  affiliation: string | null;
  bio: string | null;
  locale: Locale;
  /** IANA time zone. */
  timezone: string;
  isAdmin: boolean;
  digestFrequency: DigestFrequency;
  /** Numbers the account's digest subscriptions: a change from never to a frequency starts the next one. */
  digestSubscription: number;
  lastDigestAt: Date | null;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An account with its password hash (argon2id; null for one that signs in only through its institution, or deleted). */
export interface UserWithPassword extends User {
  passwordHash: string | null;
}

/** The fields of an account its owner may change (profile and settings). */
export type UserChanges = Partial<Pick<User, 'displayName' | 'affiliation' | 'bio' | 'locale' | 'timezone' | 'digestFrequency' | 'digestSubscription'>>;

export interface NewUser {
  email: string;
  displayName: string;
  /** Null for an account that signs in only through its institution (OpenID Connect). */
  passwordHash: string | null;
  isAdmin?: boolean;
  /** An operator made it, or an institution vouched for the address: no verification mail. */
  emailVerified?: boolean;
}

/** What anyone may read of an account (GET /users/:id): no email, no settings. */
export interface PublicProfile {
  id: string;
  displayName: string;
  affiliation: string | null;
  bio: string | null;
}

/** A user as other libs see them: no email, no settings. */
export interface PublicUser {
  id: string;
  displayName: string;
  affiliation: string | null;
  deleted: boolean;
}
