/** Desktop sign-in (API.md, "Desktop sign-in (device authorization)"): request and response bodies. */
import { z } from "zod";
import { Activation, License } from "./responses";
import { components, fingerprint, licenseKey } from "./desktop";
import { label } from "./common";

const optionalLabel = (max: number) =>
  label(max)
    .nullish()
    .transform((v) => v ?? undefined);

export const DeviceAuthorizeRequest = z.object({
  fingerprint,
  name: optionalLabel(100),
  platform: optionalLabel(50),
  app_version: optionalLabel(50),
  components: components.nullish().transform((v) => v ?? undefined),
});

export const DeviceAuthorization = z.object({
  device_code: z.string().meta({ description: "The app's secret for polling (≥ 128 random bits). Never shown to the customer." }),
  user_code: z
    .string()
    .regex(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/)
    .meta({ description: "What the customer enters, `XXXX-XXXX`." }),
  verification_uri: z.url().meta({ description: "The portal's /activate/ page." }),
  verification_uri_complete: z.url().meta({ description: "The same page with the code filled in." }),
  expires_in: z.int().meta({ description: "Seconds the codes stay usable (600)." }),
  interval: z.int().meta({ description: "Seconds to wait between polls (5)." }),
});

export const DeviceTokenRequest = z.object({ device_code: z.string().min(1).max(200) });

export const DeviceGranted = z.object({
  license_key: licenseKey,
  activation: Activation,
  license: License,
  token: z.string().meta({ description: "Compact JWS (EdDSA) for offline grace, as activate returns." }),
});

export const DeviceApproveRequest = z.object({ license_id: z.string().min(1).max(100).optional() });
export const DeviceApproved = z.object({ activation: Activation, license: License });
