import { describe, expect, it } from "vitest";
import { decideActivation, lastSeenIsStale, machinesOverLimit, validSeatCount } from "../../src/core/seat-rules";

describe("decideActivation", () => {
  const base = { status: "active" as const, seats: 2, activeCount: 0, alreadyActive: false };

  it("creates a seat while seats are free", () => {
    expect(decideActivation(base)).toEqual({ kind: "create" });
    expect(decideActivation({ ...base, activeCount: 1 })).toEqual({ kind: "create" });
  });

  it("refuses a new machine when every seat is taken, or more than every seat", () => {
    expect(decideActivation({ ...base, activeCount: 2 })).toEqual({ kind: "refuse", code: "SEAT_LIMIT_REACHED" });
    expect(decideActivation({ ...base, activeCount: 5 })).toEqual({ kind: "refuse", code: "SEAT_LIMIT_REACHED" });
    expect(decideActivation({ ...base, seats: 0 })).toEqual({ kind: "refuse", code: "SEAT_LIMIT_REACHED" });
  });

  it("gives a machine that already holds a seat the same seat, even on a full license", () => {
    expect(decideActivation({ ...base, activeCount: 2, alreadyActive: true })).toEqual({ kind: "reuse" });
  });

  it("refuses everything on a suspended or revoked license, existing machines included", () => {
    for (const alreadyActive of [true, false]) {
      expect(decideActivation({ ...base, status: "suspended", alreadyActive })).toEqual({ kind: "refuse", code: "LICENSE_SUSPENDED" });
      expect(decideActivation({ ...base, status: "revoked", alreadyActive })).toEqual({ kind: "refuse", code: "LICENSE_REVOKED" });
    }
  });
});

describe("machinesOverLimit", () => {
  const m = (id: string, at: string, rev: number) => ({ id, activated_at: at, rev });
  const fleet = [m("old", "2026-01-01T00:00:00.000Z", 1), m("mid", "2026-02-01T00:00:00.000Z", 2), m("new", "2026-03-01T00:00:00.000Z", 3)];

  it("drops the newest machines first", () => {
    expect(machinesOverLimit(fleet, 1).map((x) => x.id)).toEqual(["new", "mid"]);
    expect(machinesOverLimit(fleet, 2).map((x) => x.id)).toEqual(["new"]);
  });

  it("drops nothing within the limit and everything at zero", () => {
    expect(machinesOverLimit(fleet, 3)).toEqual([]);
    expect(machinesOverLimit(fleet, 10)).toEqual([]);
    expect(machinesOverLimit(fleet, 0)).toHaveLength(3);
  });

  it("breaks ties in activation time by revision (later write is newer)", () => {
    const tied = [m("a", "2026-01-01T00:00:00.000Z", 7), m("b", "2026-01-01T00:00:00.000Z", 9)];
    expect(machinesOverLimit(tied, 1).map((x) => x.id)).toEqual(["b"]);
  });
});

describe("seat counts and last-seen resolution", () => {
  it("accepts whole seat counts within bounds", () => {
    expect(validSeatCount(1, { allowZero: false })).toBe(true);
    expect(validSeatCount(0, { allowZero: false })).toBe(false);
    expect(validSeatCount(0, { allowZero: true })).toBe(true);
    expect(validSeatCount(2.5, { allowZero: true })).toBe(false);
    expect(validSeatCount(10_001, { allowZero: true })).toBe(false);
  });

  it("writes last_seen_at at most once a minute", () => {
    const now = Date.parse("2026-11-29T12:00:00.000Z");
    expect(lastSeenIsStale("2026-11-29T11:59:30.000Z", now)).toBe(false);
    expect(lastSeenIsStale("2026-11-29T11:59:00.000Z", now)).toBe(true);
  });
});
