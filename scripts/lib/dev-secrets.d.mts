export function generateSigningJwk(label?: string): string;
export function generateDevSecrets(): {
  TOKEN_SIGNING_JWK: string;
  LICENSE_KEY_ENCRYPTION_KEY: string;
  ROUTING_SECRET: string;
  ACCESS_DEV_PRIVATE_JWK: string;
  ACCESS_DEV_JWKS: string;
};
export function generateAccessIssuer(): { ACCESS_DEV_PRIVATE_JWK: string; ACCESS_DEV_JWKS: string };
export function parseDevVars(text: string): Record<string, string>;
