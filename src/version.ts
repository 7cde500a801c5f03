/** Reported by GET /v1/health; bump with each release. */
export const VERSION = "0.1.0";
