import { describe, expect, it } from '@jest/globals';
import { AccessErrors, GroupErrors, InviteErrors, MembershipErrors, RequestErrors, SiteErrors } from '@kennisplein/community';
import { BlogErrors, FileErrors } from '@kennisplein/content';
import { AuthErrors, CommonErrors, type ErrorFactory, errorCatalogue, MultipartErrors, SearchErrors } from '@kennisplein/core';
import { DiscussionErrors, MessageErrors, ThreadErrors } from '@kennisplein/discussions';
import { AuthorErrors, CongressErrors, ContributionErrors, ImportErrors } from '@kennisplein/kennisbank';
import { AccountErrors, MailTokenErrors, SessionErrors, UserErrors } from '@kennisplein/identity';
import { DigestErrors } from '@kennisplein/notifications';

/** The errors of core and of each lib, by the name they are exported under. */
const DECLARED: Record<string, Record<string, ErrorFactory>> = {
  CommonErrors,
  AuthErrors,
  SessionErrors,
  MailTokenErrors,
  AccountErrors,
  UserErrors,
  MultipartErrors,
  SearchErrors,
  GroupErrors,
  SiteErrors,
  MembershipErrors,
  RequestErrors,
  InviteErrors,
  AccessErrors,
  BlogErrors,
  FileErrors,
  ThreadErrors,
  MessageErrors,
  DiscussionErrors,
  CongressErrors,
  ContributionErrors,
  AuthorErrors,
  ImportErrors,
  DigestErrors,
};

const codesOf = (errors: Record<string, ErrorFactory>) => Object.values(errors).map((factory) => factory().code);
const namespaceOf = (code: string) => code.split('.')[0];
const placeholdersOf = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

// The transition codes (legacy.*) carry the inline message of their caller: no texts of their own to check.
const catalogue = errorCatalogue().filter((entry) => namespaceOf(entry.code) !== 'legacy');

describe('the error catalogue', () => {
  it('holds every code the libs declare, each declared once, each namespace in one place', () => {
    const declared = Object.entries(DECLARED).map(([name, errors]) => ({ name, codes: codesOf(errors) }));
    const all = declared.flatMap(({ codes }) => codes);
    expect(all.filter((code, i) => all.indexOf(code) !== i)).toEqual([]);
    expect(catalogue.map((entry) => entry.code)).toEqual(expect.arrayContaining(all));
    const namespaces = declared.map(({ name, codes }) => ({ name, namespaces: [...new Set(codes.map(namespaceOf))] }));
    expect(namespaces.filter((entry) => entry.namespaces.length !== 1)).toEqual([]);
    // auth.* is shared on purpose: core's guard and identity's sessions both answer it (the client treats them alike).
    const owners = namespaces.map((entry) => entry.namespaces[0]).filter((namespace) => namespace !== 'auth');
    expect(owners.filter((namespace, i) => owners.indexOf(namespace) !== i)).toEqual([]);
  });

  it.each(catalogue)('$code has a Dutch and an English text of its own, with the same placeholders', ({ status, nl, en }) => {
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
    for (const text of [nl, en]) {
      expect(text.trim()).toBe(text);
      expect(text).not.toBe('');
      // An inline "nl / en" message that was moved here whole instead of split in two.
      expect(text).not.toContain(' / ');
    }
    expect(nl).not.toBe(en);
    expect(placeholdersOf(nl)).toEqual(placeholdersOf(en));
  });
});
