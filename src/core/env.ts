/**
 * The API Worker's bindings and settings: exactly what `wrangler types` generates from
 * wrangler.toml and .dev.vars.example (types/api.d.ts, kept in sync by `npm run
 * release:check`). Each one is documented where it is configured.
 */
export type Env = ApiBindings;

/**
 * Development mode (the /dev endpoints, the dev mailbox, the dev Access issuer, the dev
 * checkout) needs two things a production deploy cannot have both of: the variable
 * ENVIRONMENT=development, and an API origin on this machine (PUBLIC_API_ORIGIN is the
 * `iss` of every license token, so a real deploy must name its public address). One
 * mistyped variable alone never opens them.
 */
export function isDevelopment(env: Pick<Env, "ENVIRONMENT" | "PUBLIC_API_ORIGIN">): boolean {
  return env.ENVIRONMENT === "development" && isLoopbackOrigin(env.PUBLIC_API_ORIGIN);
}

export function isLoopbackOrigin(origin: string | undefined): boolean {
  if (!origin) return false;
  try {
    const { hostname } = new URL(origin);
    return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
  } catch {
    return false;
  }
}
