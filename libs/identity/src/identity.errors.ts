import { defineErrors } from '@kennisplein/core';

/** Login, sessions and the tokens of mails. */
export const SessionErrors = defineErrors('auth', {
  invalid_credentials: { status: 401, nl: 'E-mailadres of wachtwoord klopt niet', en: 'Invalid email or password' },
  too_many_attempts: {
    status: 429,
    nl: 'Te veel inlogpogingen; probeer het over {seconds} seconden opnieuw',
    en: 'Too many login attempts; try again in {seconds} seconds',
  },
  too_many_registrations: {
    status: 429,
    nl: 'Te veel nieuwe accounts vanaf dit adres; probeer het over {seconds} seconden opnieuw',
    en: 'Too many registrations from this address; try again in {seconds} seconds',
  },
  refresh_invalid: { status: 401, nl: 'Het verversingstoken is ongeldig of verlopen', en: 'Refresh token is invalid or expired' },
  refresh_reused: {
    status: 401,
    nl: 'Dit verversingstoken was al gebruikt; elke sessie van deze login is beëindigd',
    en: 'Refresh token was already used; every session of this login is revoked',
  },
  refresh_missing: {
    status: 401,
    nl: 'Geen verversingstoken: stuur refreshToken of het cookie kp_refresh',
    en: 'No refresh token: send refreshToken or the kp_refresh cookie',
  },
  cross_origin: {
    status: 403,
    nl: 'Een sessiecookie werkt alleen vanaf {origin}',
    en: 'A session cookie works only from {origin}',
  },
  provider_unknown: { status: 404, nl: 'Deze manier van inloggen is hier niet ingesteld', en: 'This sign-in provider is not configured here' },
  oidc_state_invalid: {
    status: 400,
    nl: 'Het inloggen via uw instelling is verlopen of niet hier begonnen; begin opnieuw',
    en: 'The institution sign-in expired or did not start here; start again',
  },
  oidc_failed: {
    status: 400,
    nl: 'Inloggen via uw instelling is mislukt: {reason}',
    en: 'Signing in through your institution failed: {reason}',
  },
  oidc_email_unverified: {
    status: 403,
    nl: 'Uw instelling bevestigt uw e-mailadres niet; zo kunnen we geen account koppelen',
    en: 'Your institution does not confirm your email address, so no account can be linked',
  },
  oidc_unavailable: {
    status: 503,
    nl: 'Inloggen via uw instelling lukt nu niet: die is niet bereikbaar; probeer het later opnieuw',
    en: 'Signing in through your institution is not possible now: it cannot be reached; try again later',
  },
});

/** Single-use tokens sent by mail (email verification, password reset). */
export const MailTokenErrors = defineErrors('token', {
  malformed: { status: 400, nl: 'Dit is geen geldige code uit een mail', en: 'This is not a valid token from a mail' },
  invalid: {
    status: 400,
    nl: 'Deze code hoort niet bij deze handeling of bestaat niet',
    en: 'This token does not belong to this action or does not exist',
  },
  expired: { status: 410, nl: 'Deze link is verlopen; vraag een nieuwe aan', en: 'This link has expired; ask for a new one' },
  spent: { status: 410, nl: 'Deze link is al gebruikt', en: 'This link was already used' },
});

/** The account itself. */
export const AccountErrors = defineErrors('account', {
  not_found: { status: 404, nl: 'Account niet gevonden', en: 'Account not found' },
  email_taken: { status: 409, nl: 'Dit e-mailadres is al geregistreerd', en: 'This email address is already registered' },
  wrong_password: { status: 403, nl: 'Het huidige wachtwoord klopt niet', en: 'The current password is not correct' },
  already_verified: { status: 409, nl: 'Dit e-mailadres is al bevestigd', en: 'This email address is already verified' },
  too_many_mails: {
    status: 429,
    nl: 'Er zijn al genoeg mails gestuurd; probeer het over {seconds} seconden opnieuw',
    en: 'Enough mails were sent; try again in {seconds} seconds',
  },
  password_required: {
    status: 400,
    nl: 'Geef uw huidige wachtwoord (currentPassword) om uw e-mailadres te wijzigen',
    en: 'Give your current password (currentPassword) to change your email address',
  },
  no_password: {
    status: 409,
    nl: 'Dit account logt in via uw instelling en heeft geen wachtwoord',
    en: 'This account signs in through its institution and has no password',
  },
});

/** Other people's accounts as anyone sees them (public profiles). */
export const UserErrors = defineErrors('user', {
  not_found: { status: 404, nl: 'Deze gebruiker bestaat niet (meer)', en: 'This user does not exist (any more)' },
});
