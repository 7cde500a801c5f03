import { z } from "zod";
import { email } from "./common";

export const MagicLinkRequest = z.object({ email });
export const SessionRequest = z.object({ token: z.string().min(1).max(200) });

export const EventsQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
