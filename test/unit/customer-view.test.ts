import { describe, expect, it } from "vitest";
import { customerView } from "../../src/audit/customer-view";
import type { AuditEvent } from "../../src/audit/query";

const event = (over: Partial<AuditEvent>): AuditEvent => ({
  id: "evt_1",
  account_id: "acct_0123456789ab",
  at: "2026-11-30T12:00:00.000Z",
  actor: { type: "customer", id: "owner@example.com" },
  action: "machine.deactivated",
  target: { type: "machine", id: "act_1" },
  data: { license_id: "lic_1", fingerprint: "desk-0001" },
  request_id: "req_1",
  ...over,
});

describe("audit events as the customer sees them", () => {
  it("hide the staff member and their reason on support entries, keeping what changed", () => {
    const seen = customerView(
      event({
        actor: { type: "support", id: "alice@chartgpt.example" },
        action: "license.seats_changed",
        data: { from: 2, to: 4, reason: "goodwill after outage #4411", note: "internal" },
      }),
    );
    expect(seen.actor).toEqual({ type: "support", id: null });
    expect(seen.data).toEqual({ from: 2, to: 4 });
    expect(seen.request_id).toBeNull();
    expect(JSON.stringify(seen)).not.toMatch(/alice|goodwill|internal/);
  });

  it("leave the customer's own, the desktop's, Stripe's and the system's entries as they are", () => {
    for (const type of ["customer", "desktop", "stripe", "system"] as const) {
      const original = event({ actor: { type, id: "someone" }, data: { license_id: "lic_1", reason: "refund" } });
      expect(customerView(original)).toEqual(original);
    }
  });
});
