/** The PostgreSQL schema of Discussions's tables (its migration DiscussionsSchema1765600030000 made it). */
export const DISCUSSIONS_SCHEMA = 'discussions';
