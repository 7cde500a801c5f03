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

export const ActivateRequest = z.object({
  license_key: licenseKey,
  fingerprint,
  name: optionalLabel(100),
  platform: optionalLabel(50),
  app_version: optionalLabel(50),
});

export const DeactivateRequest = z.object({ license_key: licenseKey, fingerprint });
export const ValidateRequest = z.object({ license_key: licenseKey, fingerprint });

export type ActivateRequest = z.output<typeof ActivateRequest>;
