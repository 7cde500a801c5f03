/**
 * Object-only state of the seat policies (storage step v9): each machine's components and
 * each license's customer deactivations. Neither is mirrored to D1: the account object is
 * the only one that decides with them, and D1's readers (support, search) have no use
 * for salted hashes or a swap log.
 */
import type { Components } from "../src/core/machine-match";
import { SWAP_WINDOW_MS } from "../src/core/seat-policies";

/** Components of the active machines, kept in memory (activations read them on every new fingerprint). */
export class ComponentStore {
  private loaded: Map<string, Components> | null = null;

  constructor(
    private readonly sql: SqlStorage,
    private readonly beginWrite: () => void,
  ) {}

  invalidate(): void {
    this.loaded = null;
  }

  private get byMachine(): Map<string, Components> {
    if (!this.loaded) {
      const rows = this.sql
        .exec<{ machine_id: string; components: string }>(
          "SELECT c.machine_id, c.components FROM machine_components c JOIN machines m ON m.id = c.machine_id WHERE m.status = 'active'",
        )
        .toArray();
      this.loaded = new Map(rows.map((r) => [r.machine_id, JSON.parse(r.components) as Components]));
    }
    return this.loaded;
  }

  of(machineId: string): Components | null {
    return this.byMachine.get(machineId) ?? null;
  }

  put(machineId: string, components: Components): void {
    this.beginWrite();
    this.sql.exec(
      "INSERT INTO machine_components (machine_id, components) VALUES (?, ?) ON CONFLICT (machine_id) DO UPDATE SET components = excluded.components",
      machineId,
      JSON.stringify(components),
    );
    this.byMachine.set(machineId, components);
  }
}

/** The customer's deactivations per license (the swap limit), pruned once out of the window. */
export class SwapLog {
  constructor(
    private readonly sql: SqlStorage,
    private readonly beginWrite: () => void,
  ) {}

  /** Times (ms) of the license's swaps in the 30 days before `nowMs`. */
  times(licenseId: string, nowMs: number): number[] {
    return this.sql
      .exec<{ at: number }>("SELECT at FROM machine_swaps WHERE license_id = ? AND at > ? ORDER BY at", licenseId, nowMs - SWAP_WINDOW_MS)
      .toArray()
      .map((r) => r.at);
  }

  record(licenseId: string, machineId: string, nowMs: number): void {
    this.beginWrite();
    this.sql.exec("INSERT INTO machine_swaps (license_id, machine_id, at) VALUES (?, ?, ?)", licenseId, machineId, nowMs);
    this.sql.exec("DELETE FROM machine_swaps WHERE at <= ?", nowMs - SWAP_WINDOW_MS);
  }
}
