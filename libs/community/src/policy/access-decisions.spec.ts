import { describe, expect, it } from '@jest/globals';
import {
  decideGroup,
  decidePlatform,
  decideSite,
  GroupAction,
  type GroupFacts,
  isFollowedThroughParent,
  isOpenToEveryone,
  PlatformAction,
  SiteAction,
  type SiteFacts,
} from './access-decisions.js';
import { GROUP_VISIBILITIES, SITE_VISIBILITIES } from '../community.types.js';

const user = { id: 'u', isAdmin: false };
const admin = { id: 'a', isAdmin: true };
const site = (overrides: Partial<SiteFacts> = {}): SiteFacts => ({ visibility: 'public', membership: 'open', myRole: null, ...overrides });
const group = (overrides: Partial<GroupFacts> = {}): GroupFacts => ({
  visibility: 'public',
  membership: 'open',
  myRole: null,
  site: null,
  ...overrides,
});

describe('access decisions', () => {
  it('hides a members-only deelsite and everything in it from non-members', () => {
    const hidden = site({ visibility: 'members' });
    expect(decideSite(user, SiteAction.View, hidden)).toBe('hidden');
    expect(decideGroup(user, GroupAction.View, group({ site: hidden }))).toBe('hidden');
    expect(decideGroup(undefined, GroupAction.View, group({ site: hidden }))).toBe('hidden');
    expect(decideGroup(user, GroupAction.View, group({ site: site({ visibility: 'members', myRole: 'member' }) }))).toBe('allow');
    expect(decideGroup(admin, GroupAction.View, group({ site: hidden }))).toBe('allow');
  });

  it('shows site-visible groups of the main site to every logged-in user, of a deelsite to its members', () => {
    expect(decideGroup(user, GroupAction.View, group({ visibility: 'site' }))).toBe('allow');
    expect(decideGroup(undefined, GroupAction.View, group({ visibility: 'site' }))).toBe('hidden');
    expect(decideGroup(user, GroupAction.View, group({ visibility: 'site', site: site() }))).toBe('hidden');
    expect(decideGroup(user, GroupAction.View, group({ visibility: 'site', site: site({ myRole: 'member' }) }))).toBe('allow');
  });

  it('forbids what a visible group does not allow, rather than hiding it', () => {
    expect(decideGroup(user, GroupAction.Manage, group())).toBe('forbidden');
    expect(decideGroup(user, GroupAction.Participate, group())).toBe('forbidden');
    expect(decideGroup(user, GroupAction.Join, group({ membership: 'invite' }))).toBe('forbidden');
    expect(decideGroup(user, GroupAction.Participate, group({ myRole: 'member' }))).toBe('allow');
    expect(decideGroup(user, GroupAction.Manage, group({ myRole: 'admin' }))).toBe('allow');
    expect(decideGroup(user, GroupAction.Manage, group({ site: site({ myRole: 'admin' }) }))).toBe('allow');
  });

  it('lets every logged-in reader of a visible workspace give feedback, without joining', () => {
    expect(decideGroup(user, GroupAction.GiveFeedback, group({ visibility: 'public' }))).toBe('allow');
    expect(decideGroup(undefined, GroupAction.GiveFeedback, group({ visibility: 'public' }))).toBe('forbidden');
    expect(decideGroup(user, GroupAction.GiveFeedback, group({ site: site({ visibility: 'members' }) }))).toBe('hidden');
  });

  it('lets only site admins admit someone into a closed deelsite; anyone into one open to all', () => {
    for (const closed of [site({ membership: 'invite' }), site({ membership: 'request' }), site({ visibility: 'members', myRole: 'member' })]) {
      expect(decideSite(user, SiteAction.Admit, { ...closed, myRole: 'member' })).toBe('forbidden');
      expect(decideSite(user, SiteAction.Admit, { ...closed, myRole: 'admin' })).toBe('allow');
      expect(decideSite(admin, SiteAction.Admit, { ...closed, myRole: null })).toBe('allow');
      expect(decideSite(undefined, SiteAction.Admit, closed)).not.toBe('allow');
    }
    expect(decideSite(user, SiteAction.Admit, site({ visibility: 'members', membership: 'invite' }))).toBe('hidden');
    expect(decideSite(user, SiteAction.Admit, site())).toBe('allow');
    expect(decideSite(undefined, SiteAction.Admit, site())).toBe('allow');
  });

  it('leaves the kennisbank to platform admins', () => {
    expect(decidePlatform(admin, PlatformAction.ManageKennisbank)).toBe('allow');
    expect(decidePlatform(user, PlatformAction.ManageKennisbank)).toBe('forbidden');
    expect(decidePlatform(undefined, PlatformAction.ManageKennisbank)).toBe('forbidden');
  });

  it('lets a theme group follow a workspace under it only while everyone may see the workspace', () => {
    const followed: string[] = [];
    for (const visibility of GROUP_VISIBILITIES) {
      for (const siteVisibility of [null, ...SITE_VISIBILITIES]) {
        const facts = { visibility, siteVisibility };
        const seenLoggedOut = decideGroup(undefined, GroupAction.View, group({ visibility, site: siteVisibility && site({ visibility: siteVisibility }) }));
        expect(isOpenToEveryone(facts)).toBe(seenLoggedOut === 'allow');
        for (const contributionId of [null, 'c']) {
          for (const parentId of [null, 'p']) {
            if (isFollowedThroughParent({ ...facts, contributionId, parentId })) followed.push(`${visibility} ${siteVisibility ?? 'main'} ${contributionId} ${parentId}`);
          }
        }
      }
    }
    // A public workspace on the main site or in a public deelsite, and nothing else.
    expect(followed).toEqual(['public main c p', 'public public c p']);
  });
});
