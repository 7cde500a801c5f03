import { describe, expect, it } from "vitest";
import { isPermanentD1Error } from "../../durable-objects/d1-errors";

describe("isPermanentD1Error: refused for good, or worth retrying", () => {
  it.each([
    "D1_ERROR: UNIQUE constraint failed: purchases.checkout_session_id: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)",
    "D1_ERROR: FOREIGN KEY constraint failed: SQLITE_CONSTRAINT",
    "D1_ERROR: CHECK constraint failed: seats >= 0",
    "D1_ERROR: NOT NULL constraint failed: licenses.key_hash",
    "D1_ERROR: datatype mismatch: SQLITE_MISMATCH",
    "D1_ERROR: string or blob too big: SQLITE_TOOBIG",
  ])("permanent: %s", (message) => {
    expect(isPermanentD1Error(new Error(message))).toBe(true);
  });

  it.each([
    "D1_ERROR: Network connection lost.",
    "D1 DB is overloaded. Requests queued for too long.",
    "D1_ERROR: internal error; reference = 3bq4nq",
    "Durable Object reset because its code was updated.",
    "D1_ERROR: Timed out waiting for the database",
    "service unavailable (injected)",
    "D1_ERROR: no such table: purchases", // a migration not applied yet: fixed by deploying, not by parking
    "something nobody has seen before",
  ])("transient: %s", (message) => {
    expect(isPermanentD1Error(new Error(message))).toBe(false);
  });

  it("reads the causes a driver wraps D1's error in", () => {
    expect(
      isPermanentD1Error(
        new Error("Failed query: insert into purchases …", { cause: new Error("D1_ERROR: UNIQUE constraint failed: purchases.id: SQLITE_CONSTRAINT") }),
      ),
    ).toBe(true);
  });

  it("when in doubt, transient: a sign of a passing condition wins, and non-errors are transient", () => {
    expect(isPermanentD1Error(new Error("Network connection lost", { cause: new Error("SQLITE_CONSTRAINT") }))).toBe(false);
    expect(isPermanentD1Error(undefined)).toBe(false);
    expect(isPermanentD1Error({})).toBe(false);
    expect(isPermanentD1Error("UNIQUE constraint failed: x.y")).toBe(true);
  });
});
