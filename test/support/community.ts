import { expect } from '@jest/globals';
import type { TestUser } from './factories.js';
import { type TestApp, V1 } from './test-app.js';

let counter = 0;
export const uniqueSlug = (label = 'site') => `${label}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export interface SiteInput {
  slug?: string;
  name?: string;
  organization?: string;
  congress?: string;
  visibility?: 'public' | 'members';
  membership?: 'open' | 'request' | 'invite';
}

export async function createSite(t: TestApp, admin: TestUser, input: SiteInput = {}): Promise<{ id: string; slug: string }> {
  const response = await t
    .http()
    .post(`${V1}/sites`)
    .set(admin.auth)
    .send({ slug: uniqueSlug(), name: 'NIOC 2027', organization: 'HAN', visibility: 'public', membership: 'open', ...input });
  expect(response.status).toBe(201);
  return response.body;
}

export interface GroupInput {
  site?: string;
  parentId?: string;
  name?: string;
  description?: string;
  visibility?: 'public' | 'site' | 'members';
  membership?: 'open' | 'request' | 'invite';
}

export async function createGroup(t: TestApp, owner: TestUser, input: GroupInput = {}): Promise<{ id: string; name: string }> {
  const response = await t
    .http()
    .post(`${V1}/groups`)
    .set(owner.auth)
    .send({ name: 'Informatica in de onderbouw', visibility: 'public', membership: 'open', ...input });
  expect(response.status).toBe(201);
  return response.body;
}
