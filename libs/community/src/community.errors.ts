import { defineErrors } from '@kennisplein/core';

/** Groups: hidden ones (404), what only some of their people may do (403), and their rules. */
export const GroupErrors = defineErrors('group', {
  not_found: { status: 404, nl: 'Groep niet gevonden', en: 'Group not found' },
  invite_only: { status: 403, nl: 'Deze groep is alleen op uitnodiging', en: 'This group is by invitation only' },
  members_only: { status: 403, nl: 'Word eerst lid van de groep', en: 'Join the group first' },
  admins_only: { status: 403, nl: 'Alleen beheerders van de groep mogen dit', en: 'Only group admins may do this' },
  owners_only: { status: 403, nl: 'Alleen eigenaren beheren eigenaren', en: 'Only owners manage owners' },
  last_owner: { status: 409, nl: 'Een groep houdt minstens één eigenaar', en: 'A group keeps at least one owner' },
  parent_site_mismatch: {
    status: 400,
    nl: 'site moet de deelsite van de bovenliggende groep zijn',
    en: 'site must be the site of the parent group',
  },
});

/** Deelsites. */
export const SiteErrors = defineErrors('site', {
  not_found: { status: 404, nl: 'Deelsite niet gevonden', en: 'Site not found' },
  slug_taken: { status: 409, nl: 'De slug {slug} is al in gebruik', en: 'The slug {slug} is taken' },
  last_admin: { status: 409, nl: 'Een deelsite houdt minstens één beheerder', en: 'A deelsite keeps at least one admin' },
  admins_only: { status: 403, nl: 'Alleen beheerders van de deelsite mogen dit', en: 'Only site admins may do this' },
  /** Taking part in the deelsite's own news (its comments). */
  members_only: { status: 403, nl: 'Word eerst lid van de deelsite', en: 'Join the site first' },
  create_group_members_only: {
    status: 403,
    nl: 'Alleen leden van de deelsite mogen hier groepen maken',
    en: 'Only site members may create groups here',
  },
  join_through_admins: {
    status: 403,
    nl: 'Vraag een beheerder van de deelsite om je toe te voegen',
    en: 'Ask a site admin to add you',
  },
  /** {text} is the colour the site colour is read against (see sites/contrast.ts). */
  low_contrast: {
    status: 400,
    nl: '{colour} {value} met tekst in {text}: {ratio} (minimaal 4.5:1 nodig)',
    en: '{colour} {value} with {text} text: {ratio} (needs 4.5:1)',
  },
  logo_missing: { status: 400, nl: 'Stuur het logo in het veld file', en: 'Send the logo in the field file' },
  logo_too_large: { status: 413, nl: 'Het logo is groter dan {limit}', en: 'The logo is larger than {limit}' },
  logo_type: {
    status: 415,
    nl: 'Een logo is een PNG-, JPEG-, WebP- of SVG-afbeelding',
    en: 'A logo is a PNG, JPEG, WebP or SVG image',
  },
  logo_not_found: { status: 404, nl: 'Deze deelsite heeft geen logo', en: 'This site has no logo' },
  /** No pending request of this person to be let into the deelsite. */
  request_not_found: { status: 404, nl: 'Aanvraag voor de deelsite niet gevonden', en: 'Site membership request not found' },
});

/** The people of a group or deelsite. */
export const MembershipErrors = defineErrors('membership', {
  member_not_found: { status: 404, nl: 'Lid niet gevonden', en: 'Member not found' },
  user_not_found: { status: 404, nl: 'Er is geen actief account met deze id', en: 'There is no active account with this id' },
});

/** Requests to join a group. */
export const RequestErrors = defineErrors('request', {
  not_found: { status: 404, nl: 'Aanvraag niet gevonden', en: 'Request not found' },
});

/** Invitations by email. */
export const InviteErrors = defineErrors('invite', {
  not_found: { status: 404, nl: 'Uitnodiging niet gevonden', en: 'Invitation not found' },
  other_address: {
    status: 403,
    nl: 'Deze uitnodiging is voor een ander e-mailadres',
    en: 'This invitation is for another email address',
  },
  used: { status: 410, nl: 'Deze uitnodiging is al gebruikt', en: 'This invitation was already used' },
  expired: { status: 410, nl: 'Deze uitnodiging is verlopen', en: 'This invitation has expired' },
  rate_limited: {
    status: 429,
    nl: 'Te veel uitnodigingen (hooguit {limit} per uur); probeer het later opnieuw',
    en: 'Too many invitations (at most {limit} per hour); try again later',
  },
});

/** The access policy's answers that belong to no one object. */
export const AccessErrors = defineErrors('access', {
  platform_admins_only: { status: 403, nl: 'Alleen platformbeheerders mogen dit', en: 'Only platform admins may do this' },
  forbidden: { status: 403, nl: 'Dat mag niet', en: 'Not allowed' },
});
