/**
 * A fake of the sync contract (API.md, "Desktop sync"): documents with revisions and
 * tombstones, the revision rule, bearer tokens; plus activate/validate so a client can
 * get (and renew) its token. `hooks.beforePut` lets a test slip in another writer.
 */
import { apiError, startFakeApi, type FakeApi, type FakeRequest, type FakeResponse } from "./fake-api.js";
import { activation, FINGERPRINT } from "./setup.js";
import { signToken, type TestKey } from "./tokens.js";

interface Doc {
  rev: number;
  data: unknown;
  deleted: boolean;
  updated_at: string;
  updated_by: string;
}

export interface SyncApi extends FakeApi {
  docs: Map<string, Doc>;
  accepted: Set<string>;
  hooks: { beforePut?: (name: string) => void };
  /** Another machine's write, straight into the store. */
  writeAsOther(name: string, data: unknown): number;
}

export async function startSyncApi(key: TestKey): Promise<SyncApi> {
  const docs = new Map<string, Doc>();
  const accepted = new Set<string>();
  const hooks: SyncApi["hooks"] = {};
  const write = (name: string, data: unknown, deleted: boolean, by: string) => {
    const rev = (docs.get(name)?.rev ?? 0) + 1;
    docs.set(name, { rev, data, deleted, updated_at: new Date().toISOString(), updated_by: by });
    return rev;
  };
  const grant = async (req: FakeRequest): Promise<FakeResponse> => {
    const token = await signToken({ key, issuer: `http://${req.headers.host}`, fingerprint: FINGERPRINT, iat: Math.floor(Date.now() / 1000) + accepted.size });
    accepted.add(token);
    return { status: 200, body: { valid: true, code: "VALID", ...activation(), token } };
  };
  const handler = async (req: FakeRequest): Promise<FakeResponse> => {
    if (req.path === "/v1/licenses/activate" || req.path === "/v1/licenses/validate") return grant(req);
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
    if (!bearer || !accepted.has(bearer)) return apiError(401, "UNAUTHORIZED");
    const url = new URL(req.path, "http://x");
    if (url.pathname === "/v1/sync/documents" && req.method === "GET") {
      const documents = [...docs]
        .filter(([, d]) => !d.deleted)
        .map(([name, d]) => ({ name, rev: d.rev, size: JSON.stringify(d.data).length, updated_at: d.updated_at, updated_by: d.updated_by }));
      return { status: 200, body: { documents } };
    }
    const name = decodeURIComponent(url.pathname.replace("/v1/sync/documents/", ""));
    const doc = docs.get(name);
    const current = doc?.rev ?? 0;
    if (req.method === "GET") {
      if (!doc || doc.deleted) return apiError(404, "NOT_FOUND");
      return {
        status: 200,
        body: { name, rev: doc.rev, updated_at: doc.updated_at, updated_by: doc.updated_by, data: doc.data },
        headers: { etag: `"${doc.rev}"` },
      };
    }
    if (req.method === "PUT") {
      hooks.beforePut?.(name);
      const now = docs.get(name)?.rev ?? 0;
      if (req.body.base_rev !== now) return apiError(409, "REVISION_CONFLICT", { details: { current_rev: now } });
      const rev = write(name, req.body.data, false, "act_1");
      return { status: 200, body: { name, rev, updated_at: docs.get(name)!.updated_at } };
    }
    if (req.method === "DELETE") {
      if (Number(url.searchParams.get("base_rev")) !== current) return apiError(409, "REVISION_CONFLICT", { details: { current_rev: current } });
      write(name, null, true, "act_1");
      return { status: 200, body: { name, deleted: true } };
    }
    return apiError(405, "METHOD_NOT_ALLOWED");
  };
  const api = await startFakeApi(handler);
  return Object.assign(api, { docs, accepted, hooks, writeAsOther: (name: string, data: unknown) => write(name, data, false, "act_other") });
}
