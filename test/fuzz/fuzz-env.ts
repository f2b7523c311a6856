/**
 * The fuzz runs send thousands of requests from one address as a few users: the limits
 * that would stop them have tests of their own, so they are raised here (a 429 with its
 * code is still a valid answer).
 */
export const FUZZ_ENV: Record<string, string> = {
  LOGIN_MAX_ATTEMPTS_PER_EMAIL: '1000000',
  LOGIN_MAX_ATTEMPTS_PER_IP: '1000000',
  LOGIN_EMAIL_SLOWDOWN_MS: '0',
  ACCOUNT_MAILS_PER_HOUR: '1000000',
  INVITES_PER_HOUR: '1000000',
  SOCKET_MESSAGE_LIMIT: '1000000',
};
