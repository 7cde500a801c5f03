import { describe, expect, it } from "vitest";
import { SIGNATURE_TOLERANCE_SECONDS, verifyStripeEvent } from "../../src/stripe/verify-webhook";
import { signPayload } from "../../src/stripe/stripe-objects";

const secret = "whsec_unit_test_secret";
const payload = JSON.stringify({ id: "evt_unit", object: "event", type: "customer.created", data: { object: {} } });
const bytes = new TextEncoder().encode(payload);
const signedAt = 1_900_000_000;
const at = (seconds: number) => seconds * 1000;

async function outcome(header: string, nowMs: number): Promise<string> {
  try {
    await verifyStripeEvent(bytes, header, secret, nowMs);
    return "accepted";
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

describe("the Stripe signature's timestamp window", () => {
  it(`accepts up to ${SIGNATURE_TOLERANCE_SECONDS} s either side of now, and refuses one second more`, async () => {
    const header = await signPayload(payload, secret, signedAt);
    expect(await outcome(header, at(signedAt - 300))).toBe("accepted");
    expect(await outcome(header, at(signedAt - 301))).toBe("SIGNATURE_INVALID");
    expect(await outcome(header, at(signedAt + 300))).toBe("accepted");
    expect(await outcome(header, at(signedAt + 301))).toBe("SIGNATURE_INVALID");
  });

  it("ages the timestamp the signature covers, wherever other t= elements stand", async () => {
    const v1 = (await signPayload(payload, secret, signedAt)).split(",")[1]!;
    const now = at(signedAt - 3600); // the signed timestamp is an hour ahead of now
    expect(await outcome(`t=${signedAt - 3600},t=${signedAt},${v1}`, now)).toBe("SIGNATURE_INVALID");
    expect(await outcome(`t=${signedAt},t=${signedAt - 3600},${v1}`, now)).toBe("SIGNATURE_INVALID");
  });
});
