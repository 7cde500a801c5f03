import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { BASE, grantLicense } from "../helpers/api";
import { asStaff } from "../helpers/staff";
import { mailTo } from "../helpers/stripe-account";
import { redeem, sameOrigin, tokenOf } from "../helpers/portal";

/** Asks for a link from an address and waits until the sending behind the 202 is done. */
async function ask(email: string, ip: string): Promise<number> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}/v1/auth/magic-link`, {
      method: "POST",
      headers: { "content-type": "application/json", ...sameOrigin, "cf-connecting-ip": ip },
      body: JSON.stringify({ email }),
    }),
    env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res.status;
}

async function links(email: string): Promise<string[]> {
  return (await mailTo(email)).filter((m) => m.subject.includes("sign-in link")).map((m) => /http\S+#token=\S+/.exec(m.text)![0]);
}

describe("sign-in links while someone floods an address", () => {
  it("the owner still gets a link: every request is answered 202, and one network's flood uses only its own allowance", async () => {
    const lic = await grantLicense(1);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push(await ask(lic.email, "203.0.113.66"));
    expect(statuses).toEqual(Array(10).fill(202));
    expect(await links(lic.email)).toHaveLength(3);

    // The owner, from their own network, is answered 202 like anyone, and the link arrives and works.
    expect(await ask(lic.email, "198.51.100.23")).toBe(202);
    const delivered = await links(lic.email);
    expect(delivered).toHaveLength(4);
    expect((await redeem(tokenOf(delivered[0]!))).status).toBe(200);
  });

  it("an address receives at most 20 links a day however many networks ask; support can still send one", async () => {
    const lic = await grantLicense(1);
    for (let net = 0; net < 8; net++) {
      for (let i = 0; i < 3; i++) expect(await ask(lic.email, `192.0.2.${100 + net}`)).toBe(202);
    }
    expect(await links(lic.email)).toHaveLength(20);
    expect(await ask(lic.email, "198.51.100.99")).toBe(202);
    expect(await links(lic.email)).toHaveLength(20);

    const sent = await asStaff(`/v1/admin/accounts/${lic.account_id}/sign-in-link`, { json: { reason: "customer could not get a link" } });
    expect(sent.status).toBe(200);
    expect(await links(lic.email)).toHaveLength(21);
  });

  it("one IPv6 /64 counts as one network", async () => {
    const lic = await grantLicense(1);
    for (let i = 0; i < 6; i++) expect(await ask(lic.email, `2001:db8:77:1::${i + 1}`)).toBe(202);
    expect(await links(lic.email)).toHaveLength(3);
  });
});
