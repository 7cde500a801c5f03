/**
 * Moves committed outbox rows to D1. One flush runs at a time per object (a second
 * caller joins it), because two overlapping batches could land in either order; the
 * rev guard in d1-mirror makes even that safe, this just avoids the wasted writes.
 *
 * Failure policy: rows stay in the outbox, the failure count grows, and an alarm is set
 * with backoff. The alarm handler never throws: it re-arms itself instead, so the
 * runtime's limit of six alarm retries can never drop work. The alarm is shared with
 * live-session expiry, so it is only ever moved earlier (alarm-schedule.ts).
 */
import { armAlarmBy } from "./alarm-schedule";
import { applyToD1 } from "./d1-mirror";
import { deleteFlushed, FLUSH_BATCH_SIZE, pendingOutbox, readOutbox, retryDelayMs, SAFETY_ALARM_MS } from "./outbox";

export type FlushOutcome = { ok: true; flushed: number } | { ok: false; pending: number; retryInMs: number };

export class WriteThrough {
  private inFlight: Promise<FlushOutcome> | null = null;
  /** An alarm is known to be scheduled (memory only; the constructor re-checks storage). */
  private alarmArmed = false;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly database: () => D1Database,
    private readonly label: string,
  ) {}

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
      armAlarmBy(this.storage, Date.now() + SAFETY_ALARM_MS).catch((err) => this.log("alarm_set_failed", err));
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
    try {
      for (let batch = readOutbox(sql, FLUSH_BATCH_SIZE); batch; batch = readOutbox(sql, FLUSH_BATCH_SIZE)) {
        await applyToD1(this.database(), batch.records);
        deleteFlushed(sql, batch.lastSeq);
        flushed += batch.records.length;
      }
      if (this.failures() > 0) this.setFailures(0);
      return { ok: true, flushed };
    } catch (err) {
      const failures = this.failures() + 1;
      this.setFailures(failures);
      const retryInMs = retryDelayMs(failures);
      this.alarmArmed = true;
      await armAlarmBy(this.storage, Date.now() + retryInMs);
      this.log("flush_failed", err, { failures, retry_in_ms: retryInMs, pending: pendingOutbox(sql) });
      return { ok: false, pending: pendingOutbox(sql), retryInMs };
    }
  }

  private failures(): number {
    return Number(this.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'flush_failures'").one().value);
  }

  private setFailures(n: number): void {
    this.storage.sql.exec("UPDATE meta SET value = ? WHERE key = 'flush_failures'", String(n));
  }

  private log(event: string, err: unknown, extra: Record<string, unknown> = {}): void {
    const message = err instanceof Error ? err.message : String(err);
    console.warn(JSON.stringify({ level: "warn", event, object: this.label, message, ...extra }));
  }
}
