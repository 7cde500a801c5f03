/**
 * One object per user code: the single place a pending desktop sign-in lives, so the
 * app's polls and the customer's approval see the same state wherever either request
 * lands (API.md: "Approval and polling are strongly consistent"). KV could show a poll
 * an approval a minute late, or let two authorizations take one code.
 *
 * The object is named by the code's canonical 8 letters; the device code carries them
 * (src/device/device-code.ts), so a poll reaches it without any lookup. It holds one row
 * (the current authorization; a new one may replace an expired one) and deletes
 * everything once the row has been expired a while (the alarm), so codes that have come
 * and gone leave nothing behind. Rules are in device-authorization-rules.ts.
 *
 * Reads never create storage: an object named by a mistyped or guessed code stays empty.
 */
import { DurableObject } from "cloudflare:workers";
import { timingSafeEqualText } from "../src/core/crypto/digest";
import type { Env } from "../src/core/env";
import { formatUserCode } from "../src/core/user-code";
import {
  type AuthorizationRow,
  DEVICE_CODE_TTL_MS,
  decideClaim,
  decideDeny,
  decidePoll,
  forgetAt,
  isLive,
  mayComplete,
  POLL_INTERVAL_S,
  viewStatus,
  visibleTo,
} from "./device-authorization-rules";
import type { CreateInput, DeviceGrant, DeviceRequest, DeviceRequestView, PollResult } from "./device-types";

const TABLE = `
  CREATE TABLE IF NOT EXISTS device_authorization (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    authorization_id TEXT NOT NULL,
    user_code TEXT NOT NULL,
    device_code_hash TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    name TEXT,
    platform TEXT,
    app_version TEXT,
    components TEXT,
    country TEXT,
    requested_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    interval_s INTEGER NOT NULL,
    last_poll_at INTEGER,
    status TEXT NOT NULL,
    claimed_by TEXT,
    claim_expires_at INTEGER,
    decided_by TEXT,
    decided_at INTEGER,
    grant TEXT
  )`;

export class DeviceAuthorizationObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private hasTable: boolean;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.hasTable = this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'device_authorization'").toArray().length > 0;
  }

  /**
   * Starts an authorization under this code, unless a live one holds it: then the Worker
   * draws another code. The same device code again (a retried call) gets the same answer.
   */
  async create(input: CreateInput): Promise<{ ok: true; expiresAt: number; intervalS: number } | { ok: false; code: "CODE_IN_USE" }> {
    const now = Date.now();
    const row = this.row();
    if (row && isLive(row, now)) {
      if (!timingSafeEqualText(row.device_code_hash, input.deviceCodeHash)) return { ok: false, code: "CODE_IN_USE" };
      return { ok: true, expiresAt: row.expires_at, intervalS: row.interval_s };
    }
    const expiresAt = now + DEVICE_CODE_TTL_MS;
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(TABLE);
      this.sql.exec("DELETE FROM device_authorization");
      this.sql.exec(
        `INSERT INTO device_authorization (id, authorization_id, user_code, device_code_hash, fingerprint, name, platform, app_version,
           components, country, requested_at, expires_at, interval_s, status) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
        input.authorizationId,
        input.userCode,
        input.deviceCodeHash,
        input.fingerprint,
        input.name ?? null,
        input.platform ?? null,
        input.appVersion ?? null,
        input.components ? JSON.stringify(input.components) : null,
        input.country ?? null,
        now,
        expiresAt,
        POLL_INTERVAL_S,
      );
    });
    this.hasTable = true;
    await this.ctx.storage.setAlarm(forgetAt({ expires_at: expiresAt }));
    return { ok: true, expiresAt, intervalS: POLL_INTERVAL_S };
  }

  /** The app's poll: only the device code's hash proves it is the app that asked. */
  poll(input: { deviceCodeHash: string }): PollResult {
    const now = Date.now();
    const row = this.row();
    if (!row || !timingSafeEqualText(row.device_code_hash, input.deviceCodeHash)) return { answer: "expired" };
    const decision = decidePoll(row, now);
    if (decision.answer === "pending") this.sql.exec("UPDATE device_authorization SET last_poll_at = ?", decision.lastPollAt);
    if (decision.answer === "slow_down") {
      this.sql.exec("UPDATE device_authorization SET last_poll_at = ?, interval_s = ?", decision.lastPollAt, decision.intervalS);
      return { answer: "slow_down", intervalS: decision.intervalS };
    }
    if (decision.answer === "approved") return { answer: "approved", grant: JSON.parse(row.grant!) as DeviceGrant };
    return { answer: decision.answer };
  }

  /** What the portal shows a signed-in account, or null: no such code, or not theirs to see. */
  describe(input: { accountId: string }): DeviceRequestView | null {
    const row = this.row();
    if (!row || !visibleTo(row, input.accountId)) return null;
    return {
      user_code: formatUserCode(row.user_code),
      name: row.name,
      platform: row.platform,
      app_version: row.app_version,
      requested_at: new Date(row.requested_at).toISOString(),
      ...(row.country ? { country: row.country } : {}),
      status: viewStatus(row, Date.now()),
    };
  }

  /** Step one of an approval (see decideClaim): the machine to activate, or the grant already made. */
  claim(input: { accountId: string }): { ok: true; request: DeviceRequest; grant: DeviceGrant | null } | { ok: false; code: "NOT_FOUND" } {
    const now = Date.now();
    const row = this.row();
    const decision = decideClaim(row, input.accountId, now);
    if (decision.kind === "not_found" || !row) return { ok: false, code: "NOT_FOUND" };
    if (decision.kind === "claim") this.sql.exec("UPDATE device_authorization SET claimed_by = ?, claim_expires_at = ?", input.accountId, decision.until);
    return { ok: true, request: requestOf(row), grant: row.grant ? (JSON.parse(row.grant) as DeviceGrant) : null };
  }

  /** Step two: the account object has activated the machine; the next poll gets this grant. */
  complete(input: { accountId: string; grant: DeviceGrant }): { ok: boolean } {
    const now = Date.now();
    const verdict = mayComplete(this.row(), input.accountId, now);
    if (verdict === "complete") {
      this.sql.exec(
        "UPDATE device_authorization SET status = 'approved', decided_by = ?, decided_at = ?, grant = ?, claimed_by = NULL, claim_expires_at = NULL",
        input.accountId,
        now,
        JSON.stringify(input.grant),
      );
    }
    return { ok: verdict !== "not_found" };
  }

  /** The activation was refused (no free seat…): the code waits again, for a retry. */
  release(input: { accountId: string }): void {
    if (!this.hasTable) return;
    this.sql.exec("UPDATE device_authorization SET claimed_by = NULL, claim_expires_at = NULL WHERE status = 'pending' AND claimed_by = ?", input.accountId);
  }

  deny(input: { accountId: string }): { ok: true; changed: boolean; request: DeviceRequest } | { ok: false; code: "NOT_FOUND" | "APPROVED" | "BUSY" } {
    const now = Date.now();
    const row = this.row();
    const decision = decideDeny(row, input.accountId, now);
    if (decision.kind === "not_found" || !row) return { ok: false, code: "NOT_FOUND" };
    if (decision.kind === "approved") return { ok: false, code: "APPROVED" };
    if (decision.kind === "busy") return { ok: false, code: "BUSY" };
    if (decision.kind === "deny") {
      this.sql.exec(
        "UPDATE device_authorization SET status = 'denied', decided_by = ?, decided_at = ?, claimed_by = NULL, claim_expires_at = NULL",
        input.accountId,
        now,
      );
    }
    return { ok: true, changed: decision.kind === "deny", request: requestOf(row) };
  }

  /** Forgets an authorization some time after it expired; a newer one under this code moves the alarm on. */
  override async alarm(): Promise<void> {
    const row = this.row();
    if (row && Date.now() < forgetAt(row)) {
      await this.ctx.storage.setAlarm(forgetAt(row));
      return;
    }
    await this.ctx.storage.deleteAll();
    this.hasTable = false;
  }

  private row(): AuthorizationRow | null {
    if (!this.hasTable) return null;
    return (this.sql.exec("SELECT * FROM device_authorization WHERE id = 1").toArray()[0] as unknown as AuthorizationRow | undefined) ?? null;
  }
}

function requestOf(row: AuthorizationRow): DeviceRequest {
  return {
    authorizationId: row.authorization_id,
    userCode: row.user_code,
    fingerprint: row.fingerprint,
    name: row.name ?? undefined,
    platform: row.platform ?? undefined,
    appVersion: row.app_version ?? undefined,
    components: row.components ? (JSON.parse(row.components) as Record<string, string>) : undefined,
    country: row.country ?? undefined,
    requestedAt: new Date(row.requested_at).toISOString(),
  };
}
