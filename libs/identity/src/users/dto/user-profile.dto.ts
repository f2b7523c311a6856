import type { Locale } from '../user.entity.js';

/** What GET /me answers, and the `user` of register and login. */
export class UserProfileDto {
  id!: string;
  email!: string;
  displayName!: string;
  affiliation!: string | null;
  bio!: string | null;
  /** nl (default) or en */
  locale!: Locale;
}
