import { describe, expect, it } from "vitest";
import { DAY_MS, SWAP_WINDOW_MS, staleMachine, swapAllowance } from "../../src/core/seat-policies";
import { decideActivation } from "../../src/core/seat-rules";
import { DEFAULT_SEAT_POLICY, PRODUCTS, seatPolicyOf } from "../../src/core/catalog";

const NOW = Date.parse("2026-06-30T12:00:00.000Z");
const daysAgo = (days: number) => new Date(NOW - days * DAY_MS).toISOString();

describe("the policy values are configuration, per product", () => {
  it("defaults to a 30-day stale seat and 6 swaps per 30 days", () => {
    expect(DEFAULT_SEAT_POLICY).toEqual({ staleSeatDays: 30, swapsPer30Days: 6 });
    expect(PRODUCTS.chartgpt.seatPolicy).toEqual(DEFAULT_SEAT_POLICY);
    expect(seatPolicyOf("chartgpt")).toBe(PRODUCTS.chartgpt.seatPolicy);
    expect(seatPolicyOf("a-product-no-longer-sold")).toEqual(DEFAULT_SEAT_POLICY);
  });
});

describe("staleMachine: which machine a full license releases", () => {
  const m = (id: string, seen: string, activated = daysAgo(400), rev = 1) => ({ id, last_seen_at: seen, activated_at: activated, rev });

  const cases: [string, ReturnType<typeof m>[], string | null][] = [
    ["nobody is stale: every machine seen within 30 days", [m("a", daysAgo(29.99)), m("b", daysAgo(1))], null],
    ["exactly 30 days unseen is stale", [m("a", daysAgo(30)), m("b", daysAgo(1))], "a"],
    ["the least recently seen of several stale machines", [m("a", daysAgo(45)), m("b", daysAgo(90)), m("c", daysAgo(31))], "b"],
    ["tied last seen: the older activation", [m("new", daysAgo(60), daysAgo(100)), m("old", daysAgo(60), daysAgo(200))], "old"],
    ["tied last seen and activation: the lower revision", [m("r9", daysAgo(60), daysAgo(100), 9), m("r3", daysAgo(60), daysAgo(100), 3)], "r3"],
    ["no machines", [], null],
  ];
  it.each(cases)("%s", (_name, fleet, expected) => {
    expect(staleMachine(fleet, NOW, 30)?.id ?? null).toBe(expected);
  });

  it("follows the configured number of days", () => {
    expect(staleMachine([m("a", daysAgo(10))], NOW, 7)?.id).toBe("a");
    expect(staleMachine([m("a", daysAgo(10))], NOW, 90)).toBeNull();
  });
});

describe("swapAllowance: customer deactivations in any rolling 30 days", () => {
  const at = (...days: number[]) => days.map((d) => NOW - d * DAY_MS);

  it("starts with every swap available", () => {
    expect(swapAllowance([], NOW, 6)).toEqual({ used: 0, remaining: 6, nextAllowedAt: null });
  });

  it("counts swaps inside the window only; one exactly 30 days old has left it", () => {
    expect(swapAllowance(at(1, 10, 29.9, 30, 45), NOW, 6)).toEqual({ used: 3, remaining: 3, nextAllowedAt: null });
  });

  it("has none left at the limit, and says when the oldest counted swap leaves the window", () => {
    const swaps = at(2, 3, 25, 5, 20, 4);
    const allowance = swapAllowance(swaps, NOW, 6);
    expect(allowance).toEqual({ used: 6, remaining: 0, nextAllowedAt: NOW - 25 * DAY_MS + SWAP_WINDOW_MS });
    // At that moment one is available again, and not a millisecond before.
    expect(swapAllowance(swaps, allowance.nextAllowedAt! - 1, 6).remaining).toBe(0);
    expect(swapAllowance(swaps, allowance.nextAllowedAt!, 6).remaining).toBe(1);
  });

  it("past the limit (support lowered it), waits until enough swaps have left the window", () => {
    const allowance = swapAllowance(at(1, 2, 3, 4), NOW, 2);
    // Three must leave before one is free: the third oldest, 2 days ago.
    expect(allowance).toMatchObject({ used: 4, remaining: 0, nextAllowedAt: NOW - 2 * DAY_MS + SWAP_WINDOW_MS });
  });
});

describe("decideActivation with the seat policies", () => {
  const full = { status: "active" as const, seats: 2, activeCount: 2, alreadyActive: false };

  it("a machine recognised by its components keeps its seat, even on a full license", () => {
    expect(decideActivation({ ...full, sameMachine: true })).toEqual({ kind: "same_machine" });
  });

  it("a full license releases a stale machine for a new one; without one it refuses", () => {
    expect(decideActivation({ ...full, staleMachine: true })).toEqual({ kind: "release_stale" });
    expect(decideActivation({ ...full, staleMachine: false })).toEqual({ kind: "refuse", code: "SEAT_LIMIT_REACHED" });
  });

  it("uses a free seat before releasing anyone", () => {
    expect(decideActivation({ ...full, activeCount: 1, staleMachine: true })).toEqual({ kind: "create" });
  });

  it("a license with no seats releases nothing", () => {
    expect(decideActivation({ ...full, seats: 0, activeCount: 0, staleMachine: true })).toEqual({ kind: "refuse", code: "SEAT_LIMIT_REACHED" });
  });

  it("an inactive license refuses before any policy applies", () => {
    expect(decideActivation({ ...full, status: "suspended", sameMachine: true, staleMachine: true })).toEqual({ kind: "refuse", code: "LICENSE_SUSPENDED" });
    expect(decideActivation({ ...full, status: "revoked", sameMachine: true })).toEqual({ kind: "refuse", code: "LICENSE_REVOKED" });
  });
});
