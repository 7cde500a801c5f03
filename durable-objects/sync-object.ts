/**
 * Desktop sync inside the account object: what its RPC methods (account-object.ts) and
 * its fetch for GET /v1/sync/live hand over to. Each call first asks whether the calling
 * machine may sync (sync-operations.ts: an active seat on an active license); document
 * writes run in their own transaction, touch neither the account's rows nor the outbox,
 * and are pushed to every live socket of the account right after they commit.
 */
import { SYNC_LIVE_HEADERS as LIVE_HEADERS } from "../src/core/sync-rules";
import type { AccountStore } from "./account-store";
import { watchSessionDeadline } from "./live-sessions";
import { deleteDocument, mayAccess, portalDocuments, putDocument, supportDocuments, type SyncCaller, type Unauthorized } from "./sync-operations";
import { closeOldestFeeds, closeRevokedSyncSockets, pushDocumentEvent, syncSocketTags } from "./sync-sockets";
import { type DocumentRow, SyncStore } from "./sync-store";

const unauthorized: Unauthorized = { ok: false, code: "UNAUTHORIZED" };

export type GetResult = { ok: true; document: DocumentRow & { data: string } } | { ok: false; code: "NOT_FOUND"; currentRev: number; deleted: boolean };

export class SyncObject {
  private readonly sync: SyncStore;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly store: AccountStore,
    /** Whether the object has storage: one without holds no account, so no machine may sync. */
    private readonly stored: () => boolean,
  ) {
    this.sync = new SyncStore(ctx.storage.sql);
  }

  private allowed(caller: SyncCaller): boolean {
    return this.stored() && mayAccess(this.store, caller);
  }

  list(caller: SyncCaller, includeDeleted: boolean) {
    if (!this.allowed(caller)) return unauthorized;
    return { ok: true as const, documents: this.sync.list(includeDeleted) };
  }

  get(caller: SyncCaller, name: string): GetResult | Unauthorized {
    if (!this.allowed(caller)) return unauthorized;
    const row = this.sync.get(name);
    if (!row || row.deleted === 1 || row.data === null) return { ok: false, code: "NOT_FOUND", currentRev: row?.rev ?? 0, deleted: row !== null };
    return { ok: true, document: { ...row, data: row.data } };
  }

  put(caller: SyncCaller, input: { name: string; dataJson: string; size: number; baseRev: number }) {
    if (!this.allowed(caller)) return unauthorized;
    const result = this.ctx.storage.transactionSync(() => putDocument(this.sync, { ...input, by: caller.activationId }, Date.now()));
    if (result.ok) pushDocumentEvent(this.ctx, result.event);
    return result;
  }

  delete(caller: SyncCaller, input: { name: string; baseRev: number }) {
    if (!this.allowed(caller)) return unauthorized;
    return this.remove({ ...input, by: caller.activationId });
  }

  /** The portal's list; the object has checked the session. */
  portalList() {
    return this.stored() ? portalDocuments(this.sync) : [];
  }

  /** The customer deletes a document in the portal (the object has checked the session). */
  portalDelete(input: { name: string; baseRev: number | undefined }) {
    return this.remove({ ...input, by: "portal" });
  }

  /** Support's view: names and sizes only. */
  supportList(): { name: string; size: number }[] {
    return this.stored() ? supportDocuments(this.sync) : [];
  }

  private remove(input: { name: string; baseRev: number | undefined; by: string }) {
    const result = this.ctx.storage.transactionSync(() => deleteDocument(this.sync, input, Date.now()));
    if (result.ok) pushDocumentEvent(this.ctx, result.event);
    return result;
  }

  /**
   * Accepts the feed's WebSocket for a machine the Worker has authenticated by its token;
   * the alarm is armed for the token's expiry, when the socket ends (the client then
   * validates for a fresh token and reconnects).
   */
  async acceptLive(request: Request): Promise<Response> {
    const caller = {
      licenseId: request.headers.get(LIVE_HEADERS.license) ?? "",
      activationId: request.headers.get(LIVE_HEADERS.activation) ?? "",
      fingerprintHash: request.headers.get(LIVE_HEADERS.fingerprint) ?? "",
    };
    const expiresAtMs = Number(request.headers.get(LIVE_HEADERS.expires));
    if (!this.allowed(caller) || !(expiresAtMs > Date.now())) return new Response("unauthorized", { status: 401 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, syncSocketTags({ ...caller, expiresAtMs }, Date.now()));
    closeOldestFeeds(this.ctx, caller.activationId);
    await watchSessionDeadline(this.ctx.storage, expiresAtMs);
    return new Response(null, { status: 101, webSocket: client });
  }

  closeRevokedSockets(): void {
    closeRevokedSyncSockets(this.ctx, this.store, Date.now());
  }
}
