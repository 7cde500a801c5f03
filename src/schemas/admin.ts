import { z } from "zod";
import { MAX_SEATS } from "../core/seat-rules";
import { email } from "./common";

/** Every staff action says why (API.md: 1–500 characters), for the audit trail. */
export const reason = z.string().trim().min(1, "say why").max(500);

export const AccountSearchQuery = z
  .object({ email: z.string().trim().min(1).max(254).optional(), license_key: z.string().trim().min(1).max(128).optional() })
  .refine((q) => (q.email === undefined) !== (q.license_key === undefined), { message: "give exactly one of email or license_key", path: ["email"] });

const isoTime = z.iso.datetime({ offset: true });
const ACTOR_TYPES = ["customer", "desktop", "stripe", "support", "system"] as const;

export const AdminEventsQuery = z.object({
  account_id: z.string().min(1).max(64).optional(),
  action: z.string().min(1).max(64).optional(),
  /** "support" or "support:alice@example.com". */
  actor: z
    .string()
    .max(300)
    .regex(new RegExp(`^(${ACTOR_TYPES.join("|")})(:.+)?$`), `one of ${ACTOR_TYPES.join(", ")}, optionally followed by :<id>`)
    .optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ReasonBody = z.object({ reason });
export const SeatsBody = z.object({ seats: z.int().min(0).max(MAX_SEATS), reason });
export const EmailChangeBody = z.object({ email, reason });
