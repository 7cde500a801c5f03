/**
 * Crockford base32: digits and capitals without I, L, O and U, so a key can be read
 * aloud and typed back without ambiguity (https://www.crockford.com/base32.html).
 */
export const CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** `count` uniformly random Crockford characters (256 is a multiple of 32: no modulo bias). */
export function randomBase32(count: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(count));
  let out = "";
  for (const b of bytes) out += CROCKFORD_ALPHABET[b & 31];
  return out;
}

/** The first `chars` × 5 bits of `bytes` as Crockford characters. */
export function bitsToBase32(bytes: Uint8Array, chars: number): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  let i = 0;
  while (out.length < chars) {
    if (bits < 5) {
      buffer = (buffer << 8) | (bytes[i++] ?? 0);
      bits += 8;
    }
    bits -= 5;
    out += CROCKFORD_ALPHABET[(buffer >> bits) & 31];
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/**
 * Reading rules of Crockford base32: case-insensitive, O reads as 0, I and L as 1.
 * Returns null when a character is outside the alphabet after mapping.
 */
export function normalizeBase32(input: string): string | null {
  let out = "";
  for (const ch of input.toUpperCase()) {
    const mapped = ch === "O" ? "0" : ch === "I" || ch === "L" ? "1" : ch;
    if (!CROCKFORD_ALPHABET.includes(mapped)) return null;
    out += mapped;
  }
  return out;
}

export function bytesToHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = "";
  for (const b of view) out += b.toString(16).padStart(2, "0");
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function base64ToBytes(b64: string): Uint8Array {
  const binary = atob(b64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
