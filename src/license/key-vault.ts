import { base64ToBytes, bytesToBase64 } from "../core/crypto/encoding";

/**
 * The stored copy of a license key, so the portal can show its owner the key again:
 * AES-256-GCM under LICENSE_KEY_ENCRYPTION_KEY, with the license id as additional data
 * so a ciphertext cannot be moved onto another license. Format: "v1.<base64(iv|ct)>".
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const keys = new Map<string, Promise<CryptoKey>>();

function importKey(secretB64: string): Promise<CryptoKey> {
  let key = keys.get(secretB64);
  if (!key) {
    const raw = base64ToBytes(secretB64);
    if (raw.byteLength !== 32) throw new Error("LICENSE_KEY_ENCRYPTION_KEY must be 32 bytes of base64");
    key = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    keys.set(secretB64, key);
  }
  return key;
}

export async function encryptLicenseKey(secretB64: string, licenseId: string, licenseKey: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(licenseId) },
    await importKey(secretB64),
    encoder.encode(licenseKey),
  );
  const out = new Uint8Array(iv.byteLength + ct.byteLength);
  out.set(iv);
  out.set(new Uint8Array(ct), iv.byteLength);
  return `v1.${bytesToBase64(out)}`;
}

export async function decryptLicenseKey(secretB64: string, licenseId: string, stored: string): Promise<string> {
  if (!stored.startsWith("v1.")) throw new Error("unknown license key ciphertext version");
  const bytes = base64ToBytes(stored.slice(3));
  const pt = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: bytes.subarray(0, 12), additionalData: encoder.encode(licenseId) },
    await importKey(secretB64),
    bytes.subarray(12),
  );
  return decoder.decode(pt);
}
