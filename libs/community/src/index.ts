export * from './community.module.js';
export * from './community.types.js';
export * from './community.errors.js';
export * from './policy/access-decisions.js';
export * from './policy/access-policy.service.js';
export * from './groups/groups.service.js';
export * from './groups/memberships.service.js';
export * from './sites/sites.service.js';
export { communityMigrations } from './migrations/index.js';
