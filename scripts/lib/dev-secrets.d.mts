export function generateSigningJwk(label?: string): string;
export function generateDevSecrets(): {
  TOKEN_SIGNING_JWK: string;
  LICENSE_KEY_ENCRYPTION_KEY: string;
  ROUTING_SECRET: string;
};
export function parseDevVars(text: string): Record<string, string>;
