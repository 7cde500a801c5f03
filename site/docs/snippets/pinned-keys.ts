// The keys a release pins (src/token/pinned-keys.ts of the package, or your own module
// passed as `pinnedKeys`). Public keys only, from
// `npm run keys:export -- keys.json --api https://api.chartgpt.example`: the key that
// signs today and the next one, published before it signs anything.
import type { PinnedKey } from "@chartgpt/license-client";

export const PINNED_KEYS: readonly PinnedKey[] = [
  { kid: "prod-2026-11", kty: "OKP", crv: "Ed25519", x: "<43 characters from keys.json>" }, // current
  { kid: "prod-2027-05", kty: "OKP", crv: "Ed25519", x: "<43 characters from keys.json>" }, // next
];
