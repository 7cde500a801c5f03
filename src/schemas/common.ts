import { z } from "zod";

/** Free text shown to people (machine names, platforms): no control or line-separator characters. */
export function label(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}\u2028\u2029]*$/u, "must not contain control characters");
}

export const email = z.email().max(254);
