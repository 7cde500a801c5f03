/**
 * A small reference model of one account's license: what the account object should
 * decide, written independently of its storage, transactions and outbox. It reuses only
 * the engine's pure license-status, seat-taking and dispute-state rules (unit-tested on
 * their own). A purchase's refund or dispute moves only that purchase's seats.
 */
import {
  nextDisputeState,
  seatsToTake,
  statusAfterPurchase,
  statusAfterRelease,
  statusAfterWithdraw,
  statusAfterWithhold,
  type DisputeState,
} from "../../durable-objects/purchase-rules";
import type { LicenseStatus } from "../../durable-objects/types";

interface Purchase {
  seats: number;
  /** "paid" also covers the engine's "disputed" (paid, with a dispute open). */
  status: "pending" | "paid" | "refunded";
  /** Paid once, so tied to the license (a refund before payment never ties it). */
  linked: boolean;
  disputes: Map<string, DisputeState>;
  /** Seats an open dispute withholds from the license, or null while none does. */
  withheld: number | null;
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
      if (!p) this.purchases.set(event.sid, (p = { seats: 2 * event.qty, status: "pending", linked: false, disputes: new Map(), withheld: null }));
      if (event.paid && p.status === "pending") {
        const from = this.seats;
        p.status = "paid";
        p.linked = true;
        this.setSeatCount(from + p.seats);
        this.status = statusAfterPurchase(this.status, from);
        // A dispute that came before the payment holds the new seats at once.
        if (this.openDisputes(p) > 0) this.withhold(p);
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
    if (next === "open" && p.status === "paid") this.withhold(p);
    else if (next === "won" && this.openDisputes(p) === 0) this.release(p);
    else if (next === "lost" && p.status === "paid") this.withdraw(p);
    else if (next === "lost" && p.status === "pending") p.status = "refunded"; // as a full refund: it never grants
    return true;
  }

  /** An open dispute: the purchase's own seats (at most what the license holds) leave until it closes. */
  private withhold(p: Purchase): void {
    if (p.withheld !== null) return;
    p.withheld = seatsToTake(p.seats, this.seats);
    if (p.withheld === 0) return;
    this.setSeatCount(this.seats - p.withheld);
    this.status = statusAfterWithhold(this.status, this.seats);
    this.dropOverLimit();
  }

  /** The purchase's last open dispute won: exactly what it withheld comes back. */
  private release(p: Purchase): void {
    if (!p.linked) return;
    const held = p.withheld ?? 0;
    p.withheld = null;
    this.setSeatCount(this.seats + held);
    this.status = statusAfterRelease(this.status, this.seats);
  }

  /** A full refund or lost dispute: the purchase's seats go for good (withheld ones stay out). */
  private withdraw(p: Purchase): void {
    if (p.withheld !== null) p.withheld = null;
    else this.setSeatCount(this.seats - seatsToTake(p.seats, this.seats));
    p.status = "refunded";
    this.status = statusAfterWithdraw(
      this.status,
      this.seats,
      [...this.purchases.values()].some((q) => q.withheld !== null),
    );
    this.dropOverLimit();
  }

  private openDisputes(p: Purchase): number {
    let n = 0;
    for (const state of p.disputes.values()) if (state === "open") n++;
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
