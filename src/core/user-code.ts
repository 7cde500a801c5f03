/**
 * The short code of a desktop sign-in (API.md, "Desktop sign-in"): 8 letters from an
 * alphabet without vowels or look-alikes (no words, no 0/O, 1/I/L), shown as
 * `XXXX-XXXX`, typed back in any case, with or without the dash. 20^8 ≈ 2.6 × 10^10
 * codes: with wrong entries throttled (10 per 15 minutes per session and per address)
 * and codes living 10 minutes, guessing someone's live code is not practical.
 *
 * The code names the Durable Object holding its pending authorization, so it must be
 * one canonical string: `normalizeUserCode` is the only way in.
 */
export const USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
export const USER_CODE_LENGTH = 8;

/** Uniformly random: bytes ≥ 240 (= 12 × 20) are drawn again, so no letter is favoured. */
export function randomUserCode(): string {
  let out = "";
  while (out.length < USER_CODE_LENGTH) {
    for (const b of crypto.getRandomValues(new Uint8Array(USER_CODE_LENGTH * 2))) {
      if (b < 240 && out.length < USER_CODE_LENGTH) out += USER_CODE_ALPHABET[b % 20];
    }
  }
  return out;
}

/** The canonical 8 letters of what a person typed (case, spaces and dashes ignored), or null. */
export function normalizeUserCode(input: string): string | null {
  const compact = input.replace(/[\s-]/g, "").toUpperCase();
  if (compact.length !== USER_CODE_LENGTH) return null;
  for (const ch of compact) if (!USER_CODE_ALPHABET.includes(ch)) return null;
  return compact;
}

/** `BCDFGHJK` → `BCDF-GHJK`, as the app shows it and the portal repeats it. */
export function formatUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
