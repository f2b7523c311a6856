import type { Locale } from '../user.js';

/** What GET /me answers, and the `user` of register and login. */
export class UserProfileDto {
  id!: string;
  email!: string;
  displayName!: string;
  affiliation!: string | null;
  bio!: string | null;
  /** nl (default) or en */
  locale!: Locale;
  /** Whether the account proved it reads mail at `email`; only verified accounts are linked as authors. */
  emailVerified!: boolean;
  /** A new address asked for by PATCH /me, taking effect once verified; null when none. */
  pendingEmail!: string | null;
  /** Whether this account is a platform admin (congresses, kennisbank import, digest runs): the client shows administration by it. */
  isAdmin!: boolean;
}
