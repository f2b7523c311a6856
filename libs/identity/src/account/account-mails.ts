import { renderMail, type RenderedMail } from '@kennisplein/core';
import type { Locale } from '../users/user.js';

/** The mails of an account, in its own language (Dutch by default). */
interface AccountMailInput {
  locale: Locale;
  displayName: string;
}

const FOOTER = {
  nl: 'Kennisplein — de werkplaats rond de NIOC-kennisbank',
  en: 'Kennisplein — the workspace around the NIOC kennisbank',
};

export function verificationMail(input: AccountMailInput & { url: string; hours: number; isChange: boolean }): RenderedMail {
  const nl = input.locale === 'nl';
  return renderMail({
    subject: nl ? 'Bevestig uw e-mailadres voor Kennisplein' : 'Confirm your email address for Kennisplein',
    paragraphs: nl
      ? [
          `Beste ${input.displayName},`,
          input.isChange
            ? 'U vroeg om dit adres voortaan te gebruiken voor uw Kennisplein-account. Bevestig het met de knop hieronder; tot dan blijft uw oude adres gelden.'
            : 'Welkom bij Kennisplein. Bevestig uw e-mailadres met de knop hieronder. Pas daarna wordt u gekoppeld als auteur van uw bijdragen.',
          `De link werkt ${input.hours} uur en één keer. Vroeg u hier niet om? Dan kunt u deze mail negeren.`,
        ]
      : [
          `Dear ${input.displayName},`,
          input.isChange
            ? 'You asked to use this address for your Kennisplein account from now on. Confirm it with the button below; until then your old address stays in use.'
            : 'Welcome to Kennisplein. Confirm your email address with the button below. Only then are you linked as the author of your contributions.',
          `The link works for ${input.hours} hours, once. Did you not ask for this? Then you can ignore this mail.`,
        ],
    action: { label: nl ? 'E-mailadres bevestigen' : 'Confirm email address', url: input.url },
    footer: FOOTER[input.locale],
  });
}

export function passwordResetMail(input: AccountMailInput & { url: string; minutes: number }): RenderedMail {
  const nl = input.locale === 'nl';
  return renderMail({
    subject: nl ? 'Een nieuw wachtwoord voor Kennisplein' : 'A new password for Kennisplein',
    paragraphs: nl
      ? [
          `Beste ${input.displayName},`,
          'Iemand (hopelijk u) vroeg een nieuw wachtwoord aan voor uw Kennisplein-account. Kies het met de knop hieronder; daarna wordt u overal uitgelogd.',
          `De link werkt ${input.minutes} minuten en één keer. Vroeg u dit niet aan? Negeer deze mail; uw wachtwoord blijft dan zoals het is.`,
        ]
      : [
          `Dear ${input.displayName},`,
          'Someone (hopefully you) asked for a new password for your Kennisplein account. Choose it with the button below; you are then logged out everywhere.',
          `The link works for ${input.minutes} minutes, once. Did you not ask for this? Ignore this mail; your password stays as it is.`,
        ],
    action: { label: nl ? 'Nieuw wachtwoord kiezen' : 'Choose a new password', url: input.url },
    footer: FOOTER[input.locale],
  });
}

export function passwordChangedMail(input: AccountMailInput & { resetUrl: string }): RenderedMail {
  const nl = input.locale === 'nl';
  return renderMail({
    subject: nl ? 'Uw wachtwoord voor Kennisplein is gewijzigd' : 'Your Kennisplein password was changed',
    paragraphs: nl
      ? [
          `Beste ${input.displayName},`,
          'Het wachtwoord van uw Kennisplein-account is zojuist gewijzigd, en andere sessies zijn beëindigd.',
          'Was u dit niet? Vraag dan meteen een nieuw wachtwoord aan.',
        ]
      : [
          `Dear ${input.displayName},`,
          'The password of your Kennisplein account was just changed, and other sessions were ended.',
          'Was this not you? Then ask for a new password at once.',
        ],
    action: { label: nl ? 'Nieuw wachtwoord aanvragen' : 'Ask for a new password', url: input.resetUrl },
    footer: FOOTER[input.locale],
  });
}

export function emailChangeNoticeMail(input: AccountMailInput & { newEmail: string; resetUrl: string }): RenderedMail {
  const nl = input.locale === 'nl';
  return renderMail({
    subject: nl ? 'Uw e-mailadres voor Kennisplein wordt gewijzigd' : 'Your Kennisplein email address is being changed',
    paragraphs: nl
      ? [
          `Beste ${input.displayName},`,
          `Er is gevraagd om het e-mailadres van uw Kennisplein-account te wijzigen in ${input.newEmail}. Het nieuwe adres geldt pas als het bevestigd is.`,
          'Was u dit niet? Kies dan meteen een nieuw wachtwoord: daarmee vervalt het verzoek en wordt iedereen anders uitgelogd.',
        ]
      : [
          `Dear ${input.displayName},`,
          `Someone asked to change the email address of your Kennisplein account to ${input.newEmail}. The new address only takes effect once it is confirmed.`,
          'Was this not you? Then choose a new password at once: that cancels the request and logs everyone else out.',
        ],
    action: { label: nl ? 'Nieuw wachtwoord kiezen' : 'Choose a new password', url: input.resetUrl },
    footer: FOOTER[input.locale],
  });
}
