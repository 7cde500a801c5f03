import { z } from "zod";
import { email } from "./common";

export const CheckoutRequest = z.object({
  email: email.optional(),
  quantity: z.int().min(1).max(50).default(1),
});

export const DevCheckoutConfirm = z.object({
  email,
  quantity: z.coerce.number().int().min(1).max(50),
});
