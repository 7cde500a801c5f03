import { z } from "zod";
import { email } from "./common";

export const DevLicenseRequest = z.object({
  email,
  seats: z.int().min(1).max(1000).default(2),
});
