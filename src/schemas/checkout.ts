import { z } from "zod";
import { MAX_UNITS_PER_CHECKOUT } from "../core/catalog";
import { email } from "./common";

export const CheckoutRequest = z.object({
  email: email.optional(),
  quantity: z.int().min(1).max(MAX_UNITS_PER_CHECKOUT).default(1),
});

export const DevCheckoutConfirm = z.object({
  email,
  quantity: z.coerce.number().int().min(1).max(MAX_UNITS_PER_CHECKOUT),
});
