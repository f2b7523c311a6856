import { describe, expect, it } from '@jest/globals';
import { displayNameFromClaims } from './oidc-claims.js';

describe('displayNameFromClaims', () => {
  const email = 'ineke.jansen@school.example';

  it('takes name first', () => {
    expect(displayNameFromClaims({ name: '  Ineke   Jansen ', given_name: 'I', preferred_username: 'ijansen' }, email)).toBe('Ineke Jansen');
  });

  it('then given_name with family_name, or either alone', () => {
    expect(displayNameFromClaims({ given_name: 'Ineke', family_name: 'Jansen' }, email)).toBe('Ineke Jansen');
    expect(displayNameFromClaims({ family_name: 'Jansen' }, email)).toBe('Jansen');
  });

  it('then preferred_username, then the local part of the email', () => {
    expect(displayNameFromClaims({ name: ' ', preferred_username: 'ijansen' }, email)).toBe('ijansen');
    expect(displayNameFromClaims({ name: 42 }, email)).toBe('ineke.jansen');
  });

  it('keeps at most 100 characters, never half of one', () => {
    const name = displayNameFromClaims({ name: '😀'.repeat(150) }, email);
    expect([...name]).toHaveLength(100);
    expect(name).toBe('😀'.repeat(100));
  });
});
