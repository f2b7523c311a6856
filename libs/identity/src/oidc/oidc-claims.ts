/** The claims of an ID token and userinfo together. */
export type Claims = Record<string, unknown>;

const MAX_DISPLAY_NAME_LENGTH = 100;

/** A string claim with its whitespace folded; '' for anything else. */
export const claimText = (value: unknown): string => (typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '');

/**
 * The name a new account shows: `name`, else `given_name` and `family_name`, else
 * `preferred_username`, else the local part of the email; at most 100 characters.
 */
export function displayNameFromClaims(claims: Claims, email: string): string {
  const candidates = [
    claimText(claims.name),
    [claimText(claims.given_name), claimText(claims.family_name)].filter(Boolean).join(' '),
    claimText(claims.preferred_username),
    email.split('@')[0],
  ];
  const name = candidates.find((candidate) => candidate.length > 0) ?? email;
  return [...name].slice(0, MAX_DISPLAY_NAME_LENGTH).join('');
}
