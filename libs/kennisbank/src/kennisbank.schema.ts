/** The PostgreSQL schema of Kennisbank's tables (its migration KennisbankSchema1765600040000 made it). */
export const KENNISBANK_SCHEMA = 'kennisbank';
