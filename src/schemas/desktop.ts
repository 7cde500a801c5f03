/** Request bodies of the desktop API (API.md, "Desktop app API"). */
import { z } from "zod";
import { label } from "./common";

export const licenseKey = z.string().min(1).max(128);

/** Opaque machine identifier chosen by the app: 8–256 printable ASCII characters. */
export const fingerprint = z
  .string()
  .min(8)
  .max(256)
  .regex(/^[\x20-\x7E]+$/, "must be printable ASCII");

// `null` is accepted for the optional labels and means "not given".
const optionalLabel = (max: number) =>
  label(max)
    .nullish()
    .transform((v) => v ?? undefined);

/**
 * Machine components (API.md "Seat policies"): 1–8 entries, names `[a-z0-9_]{1,32}`,
 * values 8–128 printable ASCII — salted hashes of hardware identifiers, never raw serials.
 */
export const MAX_COMPONENTS = 8;
export const components = z
  .record(
    z.string().regex(/^[a-z0-9_]{1,32}$/, "component names are [a-z0-9_]{1,32}"),
    z
      .string()
      .min(8)
      .max(128)
      .regex(/^[\x20-\x7E]+$/, "must be printable ASCII"),
  )
  .refine((c) => Object.keys(c).length >= 1 && Object.keys(c).length <= MAX_COMPONENTS, `1 to ${MAX_COMPONENTS} components`)
  .meta({
    minProperties: 1,
    maxProperties: MAX_COMPONENTS,
    description: "Salted hashes of hardware identifiers: a new fingerprint matching more than half of an active machine's (at least 2) is that machine.",
  });

export const ActivateRequest = z.object({
  license_key: licenseKey,
  fingerprint,
  name: optionalLabel(100),
  platform: optionalLabel(50),
  app_version: optionalLabel(50),
  components: components.nullish().transform((v) => v ?? undefined),
});

export const DeactivateRequest = z.object({ license_key: licenseKey, fingerprint });
export const ValidateRequest = z.object({ license_key: licenseKey, fingerprint });

export type ActivateRequest = z.output<typeof ActivateRequest>;
