export * from './identity.module.js';
export * from './identity.config.js';
export * from './users/users.service.js';
export * from './users/user.js';
export * from './admin/admin-accounts.service.js';
export * from './identity.errors.js';
export { identityMigrations } from './migrations/index.js';
export { IDENTITY_SCHEMA } from './identity.schema.js';
