/**
 * The API Worker's bindings and settings: exactly what `wrangler types` generates from
 * wrangler.toml and .dev.vars.example (types/api.d.ts, kept in sync by `npm run
 * release:check`). Each one is documented where it is configured.
 */
export type Env = ApiBindings;

export { isDevelopment, isLoopbackOrigin } from "./development";
