/**
 * One object per customer account: the single writer of its licenses, seats and
 * machines. RPC methods are thin: run one decision from account-operations inside
 * transactionSync, then hand the committed outbox to the write-through.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../src/env";
import * as ops from "./account-operations";
import { applyStripe, purchaseView } from "./purchase-operations";
import { AccountStore, activationView, WRITE_NEEDED } from "./account-store";
import { pendingOutbox } from "./outbox";
import { migrateStorage } from "./storage-schema";
import type {
  AccountRpc,
  AccountSnapshot,
  ApplyStripeInput,
  ApplyStripeResult,
  ActivateInput,
  ActivateResult,
  DeactivateInput,
  DeactivateResult,
  GrantInput,
  GrantResult,
  LicenseChangeInput,
  LicenseChangeResult,
  SetSeatsInput,
  ValidateResult,
} from "./types";
import { WriteThrough, type FlushOutcome } from "./write-through";

export class AccountObject extends DurableObject<Env> implements AccountRpc {
  private readonly store: AccountStore;
  private readonly writeThrough: WriteThrough;
  private startupError: unknown = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrateStorage(ctx.storage);
    this.store = new AccountStore(ctx.storage.sql);
    this.writeThrough = new WriteThrough(ctx.storage, () => this.env.DB, ctx.id.name ?? ctx.id.toString());
    // Errors inside blockConcurrencyWhile would reset the object with an opaque error;
    // keep it and rethrow to callers instead, where it becomes a clear 503.
    void ctx.blockConcurrencyWhile(async () => {
      try {
        await this.writeThrough.rearmIfPending();
      } catch (err) {
        this.startupError = err;
      }
    });
  }

  activate(input: ActivateInput): ActivateResult {
    return this.commit(() => ops.activate(this.store, input, Date.now()));
  }

  deactivate(input: DeactivateInput): DeactivateResult {
    return this.commit(() => ops.deactivate(this.store, input, Date.now()));
  }

  validate(input: DeactivateInput): ValidateResult {
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

  snapshot(): AccountSnapshot {
    this.throwIfBroken();
    const account = this.store.account();
    return {
      account: account ? { id: account.id, email: account.email, created_at: account.created_at } : null,
      licenses: this.store.licenses().map((l) => this.store.licenseView(l)),
      purchases: this.store.purchases().map(purchaseView),
      machines: this.store.activeMachines().map((m) => ({ ...activationView(m), license_id: m.license_id })),
      outbox_pending: pendingOutbox(this.ctx.storage.sql),
    };
  }

  /** Flushes the outbox now and reports how it went (operations, tests, benchmarks). */
  flush(): Promise<FlushOutcome> {
    this.throwIfBroken();
    return this.writeThrough.flush();
  }

  override async alarm(): Promise<void> {
    await this.writeThrough.onAlarm();
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
   */
  private commit<T>(decide: () => T): T {
    this.throwIfBroken();
    this.store.readOnly = true;
    try {
      return decide();
    } catch (err) {
      if (err !== WRITE_NEEDED) throw err;
    } finally {
      this.store.readOnly = false;
    }
    const before = this.store.commits;
    let result: T;
    try {
      result = this.ctx.storage.transactionSync(decide);
    } catch (err) {
      // Rolled back: drop the in-memory view, which may hold the abandoned writes.
      this.store.invalidate();
      throw err;
    } finally {
      this.store.endWrite();
    }
    if (this.store.commits !== before) this.writeThrough.afterCommit((p) => this.ctx.waitUntil(p));
    return result;
  }

  private throwIfBroken(): void {
    if (this.startupError) throw this.startupError;
  }
}
