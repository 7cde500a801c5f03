/**
 * A small reference model of one account's license: what the account object should
 * decide, written independently of its storage, transactions and outbox. It reuses only
 * the engine's pure rules, each unit-tested on its own: license status, seat-taking and
 * dispute states; which machine a set of components is, which machine is stale, how
 * many swaps are left. A purchase's refund or dispute moves only that purchase's seats.
 * Time is the model's own clock (the runner makes it the object's too).
 */
import { findSameMachine, type Components } from "../../src/core/machine-match";
import { staleMachine, swapAllowance } from "../../src/core/seat-policies";
import { lastSeenIsStale } from "../../src/core/seat-rules";
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

/** An active machine as the model knows it (times in ms; ISO in the policy rules' shape). */
interface Machine {
  fp: string;
  components: Components | null;
  activatedAt: number;
  lastSeen: number;
}

/** The catalog's defaults (src/core/catalog.ts), which the runner's product uses. */
export const STALE_SEAT_DAYS = 30;
export const SWAPS_PER_30_DAYS = 6;

export class AccountModel {
  seats = 0;
  status: LicenseStatus = "active";
  /** Active machines, oldest activation first. */
  machines: Machine[] = [];
  purchases = new Map<string, Purchase>();
  appliedEvents = new Set<string>();
  /** How many times the license's seat count changed (each is one audit event). */
  seatChanges = 0;
  activations = 0;
  deactivations = 0;
  autoReleases = 0;
  fingerprintChanges = 0;
  /** When the customer's deactivations (swaps) happened. */
  swaps: number[] = [];

  constructor(public now: number) {}

  /** Active fingerprints, oldest activation first. */
  get active(): string[] {
    return this.machines.map((m) => m.fp);
  }

  grant(seats: number): void {
    this.setSeatCount(this.seats + seats);
  }

  activate(fp: string, components: Components | null): "created" | "reused" | "same_machine" | "SEAT_LIMIT_REACHED" | "LICENSE_SUSPENDED" | "LICENSE_REVOKED" {
    if (this.status === "suspended") return "LICENSE_SUSPENDED";
    if (this.status === "revoked") return "LICENSE_REVOKED";
    const existing = this.machines.find((m) => m.fp === fp);
    if (existing) {
      this.seen(existing);
      if (components) existing.components = components;
      return "reused";
    }
    const same = findSameMachine(components, this.asSeen(), (m) => m.machine.components);
    if (same) {
      Object.assign(same.machine.machine, { fp, components, lastSeen: this.now });
      this.fingerprintChanges++;
      return "same_machine";
    }
    if (this.machines.length >= this.seats) {
      const stale = this.seats > 0 ? staleMachine(this.asSeen(), this.now, STALE_SEAT_DAYS) : null;
      if (!stale) return "SEAT_LIMIT_REACHED";
      this.machines = this.machines.filter((m) => m !== stale.machine);
      this.autoReleases++;
    }
    this.machines.push({ fp, components, activatedAt: this.now, lastSeen: this.now });
    this.activations++;
    return "created";
  }

  validate(fp: string): "VALID" | "NOT_ACTIVATED" | "SUSPENDED" | "REVOKED" {
    if (this.status !== "active") return this.status === "suspended" ? "SUSPENDED" : "REVOKED";
    const machine = this.machines.find((m) => m.fp === fp);
    if (!machine) return "NOT_ACTIVATED";
    this.seen(machine);
    return "VALID";
  }

  /** `swap`: the customer's own deactivation (desktop app, portal), limited per 30 days. */
  deactivate(fp: string, swap: boolean): boolean | "DEACTIVATION_LIMIT_REACHED" {
    if (!this.active.includes(fp)) return false;
    if (swap && swapAllowance(this.swaps, this.now, SWAPS_PER_30_DAYS).remaining === 0) return "DEACTIVATION_LIMIT_REACHED";
    if (swap) this.swaps.push(this.now);
    this.machines = this.machines.filter((m) => m.fp !== fp);
    this.deactivations++;
    return true;
  }

  tick(ms: number): void {
    this.now += ms;
  }

  /** A check-in refreshes last seen at most once a minute (as the engine writes it). */
  private seen(machine: Machine): void {
    if (lastSeenIsStale(new Date(machine.lastSeen).toISOString(), this.now)) machine.lastSeen = this.now;
  }

  /** The machines in the shape of the engine's pure rules (every time in the model is distinct, so no revision is needed). */
  private asSeen() {
    return this.machines.map((machine, i) => ({
      machine,
      id: machine.fp,
      last_seen_at: new Date(machine.lastSeen).toISOString(),
      activated_at: new Date(machine.activatedAt).toISOString(),
      rev: i,
    }));
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
    while (this.machines.length > this.seats) {
      this.machines.pop();
      this.deactivations++;
    }
  }
}

export type StripeCommand =
  | { kind: "checkout"; id: string; sid: string; qty: number; paid: boolean }
  | { kind: "refund"; id: string; sid: string; full: boolean }
  | { kind: "dispute"; id: string; sid: string; did: string; state: DisputeState };
