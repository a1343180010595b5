/** The schema version this build reads and writes. Bump only together with a new migration step. */
export const CURRENT_SCHEMA_VERSION = 1;
