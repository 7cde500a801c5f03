import { z } from "zod";

/**
 * Free text shown to people (machine names, platforms): no control or line-separator
 * characters, and no bidirectional overrides or isolates, which can make a name read
 * differently from what it is (the /activate/ page asks the customer to recognise one).
 * Other format characters stay: emoji sequences need the zero-width joiner.
 */
export function label(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]*$/u, "must not contain control or text-direction characters");
}

export const email = z.email().max(254);
