import { describe, expect, it } from '@jest/globals';
import { activityVerbs, defineActivityVerbs, describeActivity, isActivityVerb } from './activity-verbs.js';

/** A lib's verbs, as its own *.activities.ts would declare them. */
const ExampleVerb = { Noted: 'example.noted', Asked: 'example.asked' } as const;
type ExampleVerb = (typeof ExampleVerb)[keyof typeof ExampleVerb];

defineActivityVerbs<ExampleVerb>({
  [ExampleVerb.Noted]: { audience: 'group', madeInGroup: true, nl: (a) => `${a} noteerde iets`, en: (a) => `${a} noted something` },
  [ExampleVerb.Asked]: { audience: 'managers', nl: (a) => `${a} vroeg iets`, en: (a) => `${a} asked something` },
});

describe('activity verbs', () => {
  it('are declared by their lib, with who hears of them and their line in each language', () => {
    expect(activityVerbs()).toMatchObject([
      { verb: 'example.noted', audience: 'group', madeInGroup: true },
      { verb: 'example.asked', audience: 'managers' },
    ]);
    expect(isActivityVerb('example.noted')).toBe(true);
    expect(describeActivity(ExampleVerb.Asked, 'nl', 'Ann')).toBe('Ann vroeg iets');
    expect(describeActivity(ExampleVerb.Asked, 'en', 'Ann')).toBe('Ann asked something');
  });

  it('tell a verb that no loaded lib declares by its actor alone', () => {
    expect(isActivityVerb('gone.away')).toBe(false);
    expect(describeActivity('gone.away', 'en', 'Ann')).toBe('Ann');
  });

  it('refuse a verb declared twice', () => {
    expect(() => defineActivityVerbs({ [ExampleVerb.Noted]: { audience: 'group', nl: (a) => a, en: (a) => a } })).toThrow(/declared twice/);
  });
});
