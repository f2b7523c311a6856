/** The PostgreSQL schema of Content's tables (its migration ContentSchema1765600050000 made it). */
export const CONTENT_SCHEMA = 'content';
