import { describe, expect, it } from "vitest";
import {
  APPROVAL_LEASE_MS,
  type AuthorizationRow,
  decideClaim,
  decideDeny,
  decidePoll,
  forgetAt,
  KEEP_EXPIRED_MS,
  MAX_POLL_INTERVAL_S,
  mayComplete,
  viewStatus,
} from "../../durable-objects/device-authorization-rules";

const T0 = 1_800_000_000_000;
const row = (over: Partial<AuthorizationRow> = {}): AuthorizationRow => ({
  authorization_id: "dev_1",
  user_code: "BCDFGHJK",
  device_code_hash: "h",
  fingerprint: "fp-0001-abcdefgh",
  name: null,
  platform: null,
  app_version: null,
  components: null,
  country: null,
  requested_at: T0,
  expires_at: T0 + 600_000,
  interval_s: 5,
  last_poll_at: null,
  status: "pending",
  claimed_by: null,
  claim_expires_at: null,
  decided_by: null,
  decided_at: null,
  grant: null,
  ...over,
});

describe("a poll", () => {
  it("is pending at the first poll and at the interval after the previous one", () => {
    expect(decidePoll(row(), T0 + 1)).toEqual({ answer: "pending", lastPollAt: T0 + 1 });
    expect(decidePoll(row({ last_poll_at: T0 }), T0 + 5_000)).toEqual({ answer: "pending", lastPollAt: T0 + 5_000 });
  });

  it("sooner than the interval slows the code down by 5 s, up to 60 s", () => {
    expect(decidePoll(row({ last_poll_at: T0 }), T0 + 4_999)).toEqual({ answer: "slow_down", intervalS: 10, lastPollAt: T0 + 4_999 });
    expect(decidePoll(row({ last_poll_at: T0, interval_s: 10 }), T0 + 9_000)).toMatchObject({ answer: "slow_down", intervalS: 15 });
    expect(decidePoll(row({ last_poll_at: T0, interval_s: MAX_POLL_INTERVAL_S }), T0 + 1)).toMatchObject({ intervalS: MAX_POLL_INTERVAL_S });
  });

  it("after a decision answers it to every poll, however soon, until the code expires", () => {
    expect(decidePoll(row({ status: "approved", last_poll_at: T0 }), T0 + 1)).toEqual({ answer: "approved" });
    expect(decidePoll(row({ status: "denied", last_poll_at: T0 }), T0 + 1)).toEqual({ answer: "denied" });
    expect(decidePoll(row({ status: "approved" }), T0 + 600_000)).toEqual({ answer: "expired" });
  });
});

describe("approving", () => {
  it("claims a pending code for the approver's account, for a short lease", () => {
    expect(decideClaim(row(), "acct_a", T0)).toEqual({ kind: "claim", until: T0 + APPROVAL_LEASE_MS });
  });

  it("lets the same account claim again (two clicks); hides the code from another account while the claim runs", () => {
    const claimed = row({ claimed_by: "acct_a", claim_expires_at: T0 + APPROVAL_LEASE_MS });
    expect(decideClaim(claimed, "acct_a", T0 + 1).kind).toBe("claim");
    expect(decideClaim(claimed, "acct_b", T0 + 1).kind).toBe("not_found");
    expect(decideClaim(claimed, "acct_b", T0 + APPROVAL_LEASE_MS).kind).toBe("claim");
  });

  it("finds nothing once expired, denied, or decided by another account; the approver finds its approval", () => {
    expect(decideClaim(row(), "acct_a", T0 + 600_000).kind).toBe("not_found");
    expect(decideClaim(row({ status: "denied", decided_by: "acct_a" }), "acct_a", T0).kind).toBe("not_found");
    expect(decideClaim(row({ status: "approved", decided_by: "acct_b" }), "acct_a", T0).kind).toBe("not_found");
    expect(decideClaim(row({ status: "approved", decided_by: "acct_a" }), "acct_a", T0).kind).toBe("approved");
    expect(decideClaim(null, "acct_a", T0).kind).toBe("not_found");
  });

  it("completes only under this account's claim, and only while the code lives", () => {
    expect(mayComplete(row({ claimed_by: "acct_a" }), "acct_a", T0)).toBe("complete");
    expect(mayComplete(row({ claimed_by: "acct_b" }), "acct_a", T0)).toBe("not_found");
    expect(mayComplete(row({ status: "approved", decided_by: "acct_a" }), "acct_a", T0)).toBe("already");
    expect(mayComplete(row({ status: "denied", decided_by: "acct_a" }), "acct_a", T0)).toBe("not_found");
    expect(mayComplete(row({ claimed_by: "acct_a" }), "acct_a", T0 + 600_000)).toBe("not_found");
  });
});

describe("denying", () => {
  it("ends a pending code; again is no change; an approved one cannot be denied", () => {
    expect(decideDeny(row(), "acct_a", T0).kind).toBe("deny");
    expect(decideDeny(row({ status: "denied", decided_by: "acct_a" }), "acct_a", T0).kind).toBe("already_denied");
    expect(decideDeny(row({ status: "approved", decided_by: "acct_a" }), "acct_a", T0).kind).toBe("approved");
  });

  it("waits for an approval in progress rather than racing it", () => {
    const claimed = row({ claimed_by: "acct_a", claim_expires_at: T0 + APPROVAL_LEASE_MS });
    expect(decideDeny(claimed, "acct_a", T0 + 1).kind).toBe("busy");
    expect(decideDeny(claimed, "acct_b", T0 + 1).kind).toBe("not_found");
    expect(decideDeny(claimed, "acct_a", T0 + APPROVAL_LEASE_MS).kind).toBe("deny");
  });
});

describe("the code's life", () => {
  it("shows as expired from its expiry on, and is forgotten a while later", () => {
    expect(viewStatus(row({ status: "approved" }), T0 + 599_999)).toBe("approved");
    expect(viewStatus(row({ status: "approved" }), T0 + 600_000)).toBe("expired");
    expect(forgetAt(row())).toBe(T0 + 600_000 + KEEP_EXPIRED_MS);
  });
});
