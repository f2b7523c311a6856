/** The PostgreSQL schema of Identity's tables (its migration IdentitySchema1765600010000 made it). */
export const IDENTITY_SCHEMA = 'identity';
