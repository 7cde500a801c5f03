/**
 * Moves committed outbox rows to D1. One flush runs at a time per object (a second
 * caller joins it), because two overlapping batches could land in either order; the
 * rev guard in d1-mirror makes even that safe, this just avoids the wasted writes.
 *
 * Failure policy:
 * - Transient (D1 down, overloaded, a lost connection — and anything unrecognised, see
 *   d1-errors.ts): rows stay in the outbox, the failure count grows, and an alarm is set
 *   with backoff. The alarm handler never throws: it re-arms itself instead, so the
 *   runtime's limit of six alarm retries can never drop work.
 * - Permanent (D1 refuses a row for good, e.g. a constraint): retrying would block the
 *   account's mirror forever. The batch is applied again row by row, in order; a row
 *   refused for good is parked (outbox.ts) with an error log meant to alert, and the
 *   rest keep flowing. A transient failure in the middle stops that walk: it is retried
 *   like any other.
 * The alarm is shared with live-session expiry, so it is only ever moved earlier
 * (alarm-schedule.ts).
 */
import { log, type Logger } from "../src/core/log";
import { armAlarmBy } from "./alarm-schedule";
import { applyToD1 } from "./d1-mirror";
import { isPermanentD1Error } from "./d1-errors";
import {
  deleteFlushed,
  deleteOne,
  FLUSH_BATCH_SIZE,
  parkRow,
  pendingOutbox,
  readOutbox,
  retryDelayMs,
  SAFETY_ALARM_MS,
  type OutboxBatch,
  type OutboxEntry,
} from "./outbox";

export type FlushOutcome = { ok: true; flushed: number; parked: number } | { ok: false; pending: number; retryInMs: number };

export class WriteThrough {
  private inFlight: Promise<FlushOutcome> | null = null;
  /** An alarm is known to be scheduled (memory only; the constructor re-checks storage). */
  private alarmArmed = false;
  /** Every line names the object (its account id): the flush runs after the request that wrote. */
  private readonly log: Logger;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly database: () => D1Database,
    label: string,
  ) {
    this.log = log.with({ object: label });
  }

  /** On construction: rows left by a previous instance must not wait for a new write. */
  async rearmIfPending(): Promise<void> {
    if (pendingOutbox(this.storage.sql) === 0) return;
    await armAlarmBy(this.storage, Date.now() + retryDelayMs(1));
    this.alarmArmed = true;
  }

  /** After a transaction that wrote: arm the safety-net alarm, then flush in the background. */
  afterCommit(waitUntil: (p: Promise<unknown>) => void): void {
    if (!this.alarmArmed) {
      this.alarmArmed = true;
      armAlarmBy(this.storage, Date.now() + SAFETY_ALARM_MS).catch((err) => this.log.warn("alarm_set_failed", { error: err }));
    }
    waitUntil(this.flush());
  }

  flush(): Promise<FlushOutcome> {
    if (this.inFlight) return this.inFlight;
    const run = this.drain().finally(() => {
      if (this.inFlight === run) this.inFlight = null;
    });
    this.inFlight = run;
    return run;
  }

  /** Alarm handler body. */
  async onAlarm(): Promise<FlushOutcome> {
    this.alarmArmed = false;
    return this.flush();
  }

  private async drain(): Promise<FlushOutcome> {
    const sql = this.storage.sql;
    let flushed = 0;
    let parked = 0;
    try {
      for (let batch = readOutbox(sql, FLUSH_BATCH_SIZE); batch; batch = readOutbox(sql, FLUSH_BATCH_SIZE)) {
        try {
          await applyToD1(
            this.database(),
            batch.entries.map((e) => e.record),
          );
          deleteFlushed(sql, batch.lastSeq);
          flushed += batch.entries.length;
        } catch (err) {
          if (!isPermanentD1Error(err)) throw err;
          // A batch is one D1 transaction: one bad row fails it all. Find the row.
          const walked = await this.rowByRow(batch);
          flushed += walked.flushed;
          parked += walked.parked;
        }
      }
      if (this.failures() > 0) this.setFailures(0);
      return { ok: true, flushed, parked };
    } catch (err) {
      const failures = this.failures() + 1;
      this.setFailures(failures);
      const retryInMs = retryDelayMs(failures);
      this.alarmArmed = true;
      await armAlarmBy(this.storage, Date.now() + retryInMs);
      this.log.warn("flush_failed", { error: err, failures, retry_in_ms: retryInMs, pending: pendingOutbox(sql) });
      return { ok: false, pending: pendingOutbox(sql), retryInMs };
    }
  }

  /** Applies a batch's rows one at a time, in order, parking those D1 refuses for good. Throws on a transient failure. */
  private async rowByRow(batch: OutboxBatch): Promise<{ flushed: number; parked: number }> {
    let flushed = 0;
    let parked = 0;
    for (const entry of batch.entries) {
      try {
        await applyToD1(this.database(), [entry.record]);
        deleteOne(this.storage.sql, entry.seq);
        flushed++;
      } catch (err) {
        if (!isPermanentD1Error(err)) throw err;
        this.park(entry, err);
        parked++;
      }
    }
    return { flushed, parked };
  }

  private park(entry: OutboxEntry, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    parkRow(this.storage, entry, message, new Date().toISOString());
    const row = entry.record.row as { id: string; rev?: number };
    // Level error: a parked row means D1 and the object disagree until someone looks.
    this.log.error("outbox_row_parked", { seq: entry.seq, kind: entry.record.kind, row_id: row.id, rev: row.rev ?? null, message });
  }

  private failures(): number {
    return Number(this.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'flush_failures'").one().value);
  }

  private setFailures(n: number): void {
    this.storage.sql.exec("UPDATE meta SET value = ? WHERE key = 'flush_failures'", String(n));
  }
}
