import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../../src/core/env";
import worker from "../../src/index";
import { BASE, uniqueEmail } from "../helpers/api";

// The runtime ignores location hints locally, so what is tested is that the buyer's
// place reaches the call that creates their account object.

/** The API Worker with its account namespace watched: which hint each getByName carried. */
function watched() {
  const hints: { name: string; hint: string | undefined }[] = [];
  const ACCOUNT = {
    getByName: (name: string, options?: { locationHint?: string }) => {
      hints.push({ name, hint: options?.locationHint });
      return env.ACCOUNT.getByName(name, options as DurableObjectNamespaceGetDurableObjectOptions);
    },
  } as unknown as Env["ACCOUNT"];
  const target = { ...env, ACCOUNT } as Env;
  const call = async (path: string, init: RequestInit & { cf?: Record<string, string> }) => {
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(BASE + path, init) as Request<unknown, IncomingRequestCfProperties>, target, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  };
  return { hints, call };
}

const json = { "content-type": "application/json" };
const berlin = { continent: "EU", country: "DE", longitude: "13.40" };

describe("account objects are created where the buyer is", () => {
  it("a dev grant from Berlin creates the account object in western Europe", async () => {
    const { hints, call } = watched();
    const res = await call("/dev/licenses", { method: "POST", headers: json, body: JSON.stringify({ email: uniqueEmail("berlin") }), cf: berlin });
    expect(res.status).toBe(201);
    const { account_id } = (await res.json()) as { account_id: string };
    expect(hints.find((h) => h.name === account_id)?.hint).toBe("weur");
  });

  it("a purchase started from Berlin carries the hint through checkout to the webhook that creates the account", async () => {
    const { hints, call } = watched();
    const email = uniqueEmail("buyer");
    const started = await call("/v1/checkout/sessions", { method: "POST", headers: json, body: JSON.stringify({ email, quantity: 1 }), cf: berlin });
    expect(started.status).toBe(201);
    const { url } = (await started.json()) as { url: string };
    const path = new URL(url).pathname;
    const confirmed = await call(`${path}/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, quantity: "1" }).toString(),
    });
    expect(confirmed.status).toBe(303);
    const grant = await call("/dev/licenses", { method: "POST", headers: json, body: JSON.stringify({ email, seats: 1 }) });
    const { account_id } = (await grant.json()) as { account_id: string };
    // The webhook's call, the first to reach this account, carried the buyer's hint.
    expect(hints.find((h) => h.name === account_id)?.hint).toBe("weur");
  });

  it("without a place (local runs, tests) no hint is sent", async () => {
    const { hints, call } = watched();
    const res = await call("/dev/licenses", { method: "POST", headers: json, body: JSON.stringify({ email: uniqueEmail("nowhere") }) });
    const { account_id } = (await res.json()) as { account_id: string };
    expect(hints.filter((h) => h.name === account_id).every((h) => h.hint === undefined)).toBe(true);
  });
});
