/**
 * A small reference model of one account's license: what the account object should
 * decide, written independently of its storage, transactions and outbox. It reuses only
 * the engine's pure license-status and dispute-state rules (unit-tested on their own).
 */
import { licenseStatusFor, nextDisputeState, type DisputeState } from "../../durable-objects/purchase-rules";
import type { LicenseStatus } from "../../durable-objects/types";

interface Purchase {
  seats: number;
  status: "pending" | "paid" | "refunded";
  disputes: Map<string, DisputeState>;
}

export class AccountModel {
  seats = 0;
  status: LicenseStatus = "active";
  /** Active fingerprints, oldest activation first. */
  active: string[] = [];
  purchases = new Map<string, Purchase>();
  appliedEvents = new Set<string>();
  /** How many times the license's seat count changed (each is one audit event). */
  seatChanges = 0;
  activations = 0;
  deactivations = 0;

  grant(seats: number): void {
    this.setSeatCount(this.seats + seats);
  }

  activate(fp: string): "created" | "reused" | "SEAT_LIMIT_REACHED" | "LICENSE_SUSPENDED" | "LICENSE_REVOKED" {
    if (this.status === "suspended") return "LICENSE_SUSPENDED";
    if (this.status === "revoked") return "LICENSE_REVOKED";
    if (this.active.includes(fp)) return "reused";
    if (this.active.length >= this.seats) return "SEAT_LIMIT_REACHED";
    this.active.push(fp);
    this.activations++;
    return "created";
  }

  deactivate(fp: string): boolean {
    if (!this.active.includes(fp)) return false;
    this.active = this.active.filter((f) => f !== fp);
    this.deactivations++;
    return true;
  }

  setSeats(seats: number): void {
    if (seats === this.seats) return;
    this.setSeatCount(seats);
    this.dropOverLimit();
  }

  setStatus(status: LicenseStatus): void {
    this.status = status;
  }

  /** Returns false when the engine must refuse (unknown purchase), recording nothing. */
  stripe(event: StripeCommand): boolean {
    if (event.kind !== "checkout" && !this.purchases.has(event.sid)) return false;
    if (this.appliedEvents.has(event.id)) return true;
    this.appliedEvents.add(event.id);
    if (event.kind === "checkout") {
      let p = this.purchases.get(event.sid);
      if (!p) this.purchases.set(event.sid, (p = { seats: 2 * event.qty, status: "pending", disputes: new Map() }));
      if (event.paid && p.status === "pending") {
        const from = this.seats;
        // The engine counts this purchase's disputes only once it is linked to the license.
        const open = this.openDisputes(p);
        p.status = "paid";
        this.setSeatCount(from + p.seats);
        this.status = licenseStatusFor({ current: this.status, seats: this.seats, openDisputes: open, allowRestore: from <= 0 });
      }
      return true;
    }
    const p = this.purchases.get(event.sid)!;
    if (event.kind === "refund") {
      if (event.full && p.status === "paid") this.withdraw(p);
      else if (event.full && p.status === "pending") p.status = "refunded";
      return true;
    }
    const current = p.disputes.get(event.did) ?? null;
    const next = nextDisputeState(current, event.state);
    if (next === current) return true;
    p.disputes.set(event.did, next);
    if (next === "lost" && p.status === "paid") this.withdraw(p);
    else if (p.status !== "pending") {
      this.status = licenseStatusFor({ current: this.status, seats: this.seats, openDisputes: this.openDisputes(), allowRestore: false });
    }
    return true;
  }

  private withdraw(p: Purchase): void {
    // Disputes of the purchase being taken back no longer hold the license.
    const others = this.openDisputes(p);
    p.status = "refunded";
    this.setSeatCount(Math.max(0, this.seats - p.seats));
    this.status = licenseStatusFor({ current: this.status, seats: this.seats, openDisputes: others, allowRestore: false });
    this.dropOverLimit();
  }

  /** Open disputes on purchases linked to the license (ever paid), `except` one. */
  private openDisputes(except?: Purchase): number {
    let n = 0;
    for (const p of this.purchases.values()) {
      if (p === except || p.status === "pending") continue;
      for (const s of p.disputes.values()) if (s === "open") n++;
    }
    return n;
  }

  private setSeatCount(seats: number): void {
    if (seats !== this.seats) this.seatChanges++;
    this.seats = seats;
  }

  private dropOverLimit(): void {
    while (this.active.length > this.seats) {
      this.active.pop();
      this.deactivations++;
    }
  }
}

export type StripeCommand =
  | { kind: "checkout"; id: string; sid: string; qty: number; paid: boolean }
  | { kind: "refund"; id: string; sid: string; full: boolean }
  | { kind: "dispute"; id: string; sid: string; did: string; state: DisputeState };
