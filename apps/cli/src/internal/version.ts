/** The CLI's version, kept in step with package.json (checked by a test). */
export const VERSION = '0.1.0';
