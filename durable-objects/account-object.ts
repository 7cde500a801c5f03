/**
 * One object per customer account: the single writer of its licenses, seats and
 * machines. RPC methods are thin: run one decision from account-operations inside
 * transactionSync, then hand the committed outbox to the write-through.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../src/core/env";
import * as ops from "./account-operations";
import * as auth from "./auth-operations";
import * as emails from "./email-operations";
import { seatPolicyView } from "./machine-policies";
import { liveMessage, portalDeactivate, portalView } from "./portal-operations";
import { applyStripe } from "./purchase-operations";
import { purchaseView } from "../src/core/views";
import { AccountStore, machineView, WRITE_NEEDED } from "./account-store";
import { armAlarmBy } from "./alarm-schedule";
import { approveDevice, recordDeviceDenial, type ApproveDeviceInput, type ApproveDeviceResult, type DeviceDecisionInput } from "./device-operations";
import { closeEndedSockets, closeSocket, endSocket, portalSockets, socketDeadline, watchSessionDeadline } from "./live-sessions";
import { parkedRows, pendingOutbox, type ParkedRow } from "./outbox";
import { hasStorage, migrateStorage } from "./storage-schema";
import { SyncObject } from "./sync-object";
import type { SyncCaller } from "./sync-operations";
import type {
  AccountSnapshot,
  ApplyStripeInput,
  ApplyStripeResult,
  ActivateInput,
  ActivateResult,
  MachineInput,
  DeactivateResult,
  GrantInput,
  GrantResult,
  LicenseChangeInput,
  LicenseChangeResult,
  SetSeatsInput,
  ValidateResult,
} from "./types";
import { WriteThrough, type FlushOutcome } from "./write-through";

export class AccountObject extends DurableObject<Env> {
  private readonly store: AccountStore;
  private readonly writeThrough: WriteThrough;
  /** Desktop sync: documents and the live feed's sockets (sync-object.ts). */
  private readonly documents: SyncObject;
  private startupError: unknown = null;
  /** False until the object's first write: see commit(). */
  private stored: boolean;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.stored = hasStorage(ctx.storage.sql);
    if (this.stored) migrateStorage(ctx.storage);
    this.store = new AccountStore(ctx.storage.sql);
    this.writeThrough = new WriteThrough(ctx.storage, () => this.env.DB, ctx.id.name ?? ctx.id.toString());
    this.documents = new SyncObject(ctx, this.store, () => this.stored);
    // Errors inside blockConcurrencyWhile would reset the object with an opaque error;
    // keep it and rethrow to callers instead, where it becomes a clear 503.
    void ctx.blockConcurrencyWhile(async () => {
      try {
        if (this.stored) await this.writeThrough.rearmIfPending();
      } catch (err) {
        this.startupError = err;
      }
    });
  }

  activate(input: ActivateInput): ActivateResult {
    return this.commit(() => ops.activate(this.store, input, Date.now()));
  }

  deactivate(input: MachineInput): DeactivateResult {
    return this.commit(() => ops.deactivate(this.store, input, Date.now()));
  }

  validate(input: MachineInput): ValidateResult {
    return this.commit(() => ops.validate(this.store, input, Date.now()));
  }

  grant(input: GrantInput): GrantResult {
    return this.commit(() => ops.grant(this.store, input, Date.now()));
  }

  setSeats(input: SetSeatsInput): LicenseChangeResult {
    return this.commit(() => ops.setSeats(this.store, input, Date.now()));
  }

  revoke(input: LicenseChangeInput): LicenseChangeResult {
    return this.commit(() => ops.setStatus(this.store, input, "revoked", Date.now()));
  }

  suspend(input: LicenseChangeInput): LicenseChangeResult {
    return this.commit(() => ops.setStatus(this.store, input, "suspended", Date.now()));
  }

  restore(input: LicenseChangeInput): LicenseChangeResult {
    return this.commit(() => ops.setStatus(this.store, input, "active", Date.now()));
  }

  applyStripe(input: ApplyStripeInput): ApplyStripeResult {
    return this.commit(() => applyStripe(this.store, input, Date.now()));
  }

  /** Records that a purchase's license email went out (it is sent until this is called). */
  markMailSent(input: { purchaseId: string }): { ok: boolean } {
    return this.commit(() => ({ ok: this.store.markMailSent(input.purchaseId, new Date().toISOString()) }));
  }

  // ---- Portal sign-in and sessions ----

  licenseKeyForResend(input: LicenseChangeInput) {
    return this.commit(() => ops.licenseKeyForResend(this.store, input, Date.now()));
  }

  issueSignInToken(input: Parameters<typeof auth.issueSignInToken>[1]): auth.IssueResult {
    return this.commit(() => auth.issueSignInToken(this.store, input, Date.now()));
  }

  redeemSignInToken(input: { tokenHash: string; sessionHash: string; requestId: string | null }): auth.RedeemResult {
    return this.commit(() => auth.redeemSignInToken(this.store, input, Date.now()));
  }

  checkSession(input: { sessionHash: string }): auth.SessionCheck {
    return this.commit(() => auth.checkSession(this.store, input, Date.now()));
  }

  endSession(input: { sessionHash: string; requestId: string | null }): { ok: true; ended: boolean } {
    const result = this.commit(() => auth.endSession(this.store, input, Date.now()));
    // The session's live connections end with it.
    for (const ws of this.ctx.getWebSockets(input.sessionHash)) closeSocket(ws, "signed out");
    return result;
  }

  portalView(input: { sessionHash: string }) {
    return this.commit(() => portalView(this.store, input, Date.now()));
  }

  portalDeactivate(input: { sessionHash: string; activationId: string; requestId: string | null }) {
    return this.commit(() => portalDeactivate(this.store, input, Date.now()));
  }

  deactivateMachine(input: Parameters<typeof ops.deactivateMachine>[1]) {
    return this.commit(() => ops.deactivateMachine(this.store, input, Date.now()));
  }

  // ---- Desktop sign-in (the pending code lives in its own object) ----

  /** The customer approves a desktop sign-in: an activation on their license, once per authorization. */
  approveDevice(input: ApproveDeviceInput): ApproveDeviceResult {
    return this.commit(() => approveDevice(this.store, input, Date.now()));
  }

  recordDeviceDenial(input: DeviceDecisionInput): { ok: boolean } {
    return this.commit(() => recordDeviceDenial(this.store, input, Date.now()));
  }

  // ---- Desktop sync: the caller is the machine its verified token names (sync-object.ts) ----

  syncList(input: SyncCaller & { includeDeleted: boolean }) {
    this.throwIfBroken();
    return this.documents.list(input, input.includeDeleted);
  }

  syncGet(input: SyncCaller & { name: string }) {
    this.throwIfBroken();
    return this.documents.get(input, input.name);
  }

  syncPut(input: SyncCaller & { name: string; dataJson: string; size: number; baseRev: number }) {
    this.throwIfBroken();
    return this.documents.put(input, input);
  }

  syncDelete(input: SyncCaller & { name: string; baseRev: number }) {
    this.throwIfBroken();
    return this.documents.delete(input, input);
  }

  portalDocuments(input: { sessionHash: string }) {
    const session = this.commit(() => auth.checkSession(this.store, input, Date.now()));
    if (!session.ok) return { ok: false as const, code: "UNAUTHORIZED" as const };
    return { ok: true as const, documents: this.documents.portalList() };
  }

  portalDeleteDocument(input: { sessionHash: string; name: string; baseRev: number | undefined }) {
    const session = this.commit(() => auth.checkSession(this.store, input, Date.now()));
    if (!session.ok) return { ok: false as const, code: "UNAUTHORIZED" as const };
    return this.documents.portalDelete(input);
  }

  /** Names and sizes of the account's documents, for support (never their contents). */
  supportDocuments(): { name: string; size: number }[] {
    this.throwIfBroken();
    return this.documents.supportList();
  }

  // ---- Seat policies and email changes ----

  /** Each license's seat policies and swaps left (support's account view). */
  seatPolicies(): ({ license_id: string } & ReturnType<typeof seatPolicyView>)[] {
    return this.commit(() => this.store.licenses().map((l) => ({ license_id: l.id, ...seatPolicyView(this.store, l, Date.now()) })));
  }

  claimEmail(input: { email: string; accountId: string; replace: string | null }): emails.ClaimResult {
    return this.commit(() => emails.claimEmail(this.store, input, Date.now()));
  }

  emailStatus(input: { email: string }): { has: boolean } {
    return this.commit(() => emails.emailStatus(this.store, input));
  }

  allocateEmailAccount(input: Parameters<typeof emails.allocateEmailAccount>[1]): emails.AllocateResult {
    return this.commit(() => emails.allocateEmailAccount(this.store, input, Date.now()));
  }

  changeEmail(
    input: emails.ChangeEmailInput,
  ): Exclude<emails.ChangeEmailResult, { ok: true }> | { ok: true; changed: boolean; from: string; to: string; sessionsEnded: number } {
    const result = this.commit(() => emails.changeEmail(this.store, input, Date.now()));
    if (!result.ok) return result;
    // The sessions the change ended take their live connections with them.
    for (const hash of result.endedSessions) for (const ws of this.ctx.getWebSockets(hash)) closeSocket(ws, "signed out");
    const { endedSessions, ...rest } = result;
    return { ...rest, sessionsEnded: endedSessions.length };
  }

  /**
   * The live view (GET /v1/portal/live, reached only through the API Worker, which has
   * already matched the session cookie to this account and passes its hash). The socket
   * is accepted with the hibernation API, tagged with the session so that sign-out and
   * expiry close it (live-sessions.ts).
   */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response("expected a WebSocket upgrade", { status: 426 });
    this.throwIfBroken();
    // The desktop sync feed (GET /v1/sync/live); everything else here is the portal's.
    if (new URL(request.url).pathname === "/v1/sync/live") return this.documents.acceptLive(request);
    const sessionHash = request.headers.get("x-session-hash") ?? "";
    const check = this.commit(() => auth.checkSession(this.store, { sessionHash }, Date.now()));
    if (!check.ok) return new Response("unauthorized", { status: 401 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [sessionHash]);
    server.send(liveMessage(this.store));
    await watchSessionDeadline(this.ctx.storage, Math.min(check.session.expiresAt, check.session.absoluteExpiresAt));
    return new Response(null, { status: 101, webSocket: client });
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    // Any message checks the socket's session, so an expired one closes at the next ping
    // even before the alarm gets to it.
    if (!this.stored || socketDeadline(this.ctx, this.store, ws, Date.now()) === null) {
      endSocket(this.ctx, ws, "session expired");
      return;
    }
    // Clients ping to keep intermediaries from closing an idle connection.
    if (message === "ping") ws.send(JSON.stringify({ type: "pong" }));
  }

  override webSocketClose(ws: WebSocket, code: number, reason: string): void {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed.
    }
  }

  snapshot(): AccountSnapshot {
    this.throwIfBroken();
    if (!this.stored) return { account: null, licenses: [], purchases: [], machines: [], outbox_pending: 0 };
    const account = this.store.account();
    return {
      account: account ? { id: account.id, email: account.email, created_at: account.created_at } : null,
      licenses: this.store.licenses().map((l) => this.store.licenseView(l)),
      purchases: this.store.purchases().map(purchaseView),
      machines: this.store.activeMachines().map((m) => ({ ...machineView(m), license_id: m.license_id })),
      outbox_pending: pendingOutbox(this.ctx.storage.sql),
    };
  }

  /** Outbox rows D1 refused for good, oldest first (support's account view). */
  parkedOutbox(input: { limit: number }): ParkedRow[] {
    this.throwIfBroken();
    if (!this.stored) return [];
    return parkedRows(this.ctx.storage.sql, input.limit);
  }

  /** Flushes the outbox now and reports how it went (operations, tests, benchmarks). */
  flush(): Promise<FlushOutcome> {
    this.throwIfBroken();
    if (!this.stored) return Promise.resolve({ ok: true, flushed: 0, parked: 0 });
    return this.writeThrough.flush();
  }

  /**
   * One alarm for two jobs (alarm-schedule.ts): end the live sockets whose session has
   * expired, flush the outbox, then make sure the alarm comes back for the next session
   * deadline (the flush may have armed it sooner, never later).
   */
  override async alarm(): Promise<void> {
    if (!this.stored) return;
    const nextDeadline = closeEndedSockets(this.ctx, this.store, Date.now());
    await this.writeThrough.onAlarm();
    if (nextDeadline !== null) await armAlarmBy(this.ctx.storage, nextDeadline);
  }

  /**
   * Runs one decision atomically; if it wrote anything, pushes it on towards D1.
   *
   * Most calls on the hot path (validate, a repeat activation) change nothing, and a
   * transaction costs more than the reads themselves. So the decision first runs with
   * the store read-only: if it completes, nothing needed writing and that is the
   * answer. If it reaches a write, it is abandoned before touching storage and run again
   * inside transactionSync, where every write-bound decision is made. Both runs happen
   * in the same synchronous turn (no await), so they see the same state.
   *
   * An object without storage (a name that never held an account) has no tables to read:
   * its decision runs inside a transaction that creates the schema first, and the whole
   * transaction is rolled back unless the decision wrote something. Asking about an
   * account that does not exist (a sign-in link for an unknown email, a well-formed key
   * of no account) therefore leaves no storage behind, however often it is asked.
   */
  private commit<T>(decide: () => T): T {
    this.throwIfBroken();
    if (this.stored) {
      this.store.readOnly = true;
      try {
        return decide();
      } catch (err) {
        if (err !== WRITE_NEEDED) throw err;
      } finally {
        this.store.readOnly = false;
      }
    }
    const before = this.store.commits;
    const liveBefore = this.store.liveVersion;
    let result: T;
    try {
      result = this.ctx.storage.transactionSync(() => (this.stored ? decide() : this.firstDecision(decide, before)));
    } catch (err) {
      // Rolled back: drop the in-memory view, which may hold the abandoned writes.
      this.store.invalidate();
      if (err instanceof NothingToKeep) return err.result as T;
      throw err;
    } finally {
      this.store.endWrite();
    }
    this.stored = true;
    if (this.store.commits !== before) this.writeThrough.afterCommit((p) => this.ctx.waitUntil(p));
    if (this.store.liveVersion !== liveBefore) {
      this.broadcast();
      // A deactivated machine or a license no longer active stops syncing at once.
      this.documents.closeRevokedSockets();
    }
    return result;
  }

  /** A decision on an object without storage: see commit(). */
  private firstDecision<T>(decide: () => T, commitsBefore: number): T {
    migrateStorage(this.ctx.storage);
    const result = decide();
    if (this.store.commits === commitsBefore) throw new NothingToKeep(result);
    return result;
  }

  /** Pushes the new license/machines view to every open portal connection. */
  private broadcast(): void {
    const sockets = portalSockets(this.ctx);
    if (sockets.length === 0) return;
    const message = liveMessage(this.store);
    for (const ws of sockets) {
      try {
        ws.send(message);
      } catch {
        // A socket closing right now; its close handler cleans up.
      }
    }
  }

  private throwIfBroken(): void {
    if (this.startupError) throw this.startupError;
  }
}

/** Rolls back a first decision that wrote nothing, carrying its answer out. */
class NothingToKeep {
  constructor(readonly result: unknown) {}
}
