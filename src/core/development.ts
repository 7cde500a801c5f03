/**
 * Development mode (the /dev endpoints, the dev mailbox, the dev Access issuer, the dev
 * checkout) needs two things a production deploy cannot have both of: the variable
 * ENVIRONMENT=development, and an API origin on this machine (PUBLIC_API_ORIGIN is the
 * `iss` of every license token, so a real deploy must name its public address). One
 * mistyped variable alone never opens them.
 *
 * Typed by the two settings it reads rather than by the API's Env: the support console
 * Worker asks it too, in its own program, where only its own generated bindings exist.
 */
export interface DevelopmentSettings {
  ENVIRONMENT: string;
  PUBLIC_API_ORIGIN: string | undefined;
}

export function isDevelopment(env: DevelopmentSettings): boolean {
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
