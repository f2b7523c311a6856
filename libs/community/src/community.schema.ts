/** The PostgreSQL schema of Community's tables (its migration CommunitySchema1765600020000 made it). */
export const COMMUNITY_SCHEMA = 'community';
