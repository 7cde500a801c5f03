/** SQLite access for the desktop sign-ins an account approved (object-only state: never mirrored to D1). */

/** A code lives 10 minutes; its approval is remembered a day, then pruned. */
const KEEP_MS = 24 * 3600 * 1000;

export class DeviceApprovalStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly beginWrite: () => void,
  ) {}

  /** The license an authorization was approved on, or null if this account never approved it. */
  approvedLicense(authorizationId: string): string | null {
    return (
      this.sql.exec<{ license_id: string }>("SELECT license_id FROM device_approvals WHERE authorization_id = ?", authorizationId).toArray()[0]?.license_id ??
      null
    );
  }

  record(authorizationId: string, licenseId: string, nowMs: number): void {
    this.beginWrite();
    this.sql.exec("INSERT INTO device_approvals (authorization_id, license_id, approved_at) VALUES (?, ?, ?)", authorizationId, licenseId, nowMs);
    this.sql.exec("DELETE FROM device_approvals WHERE approved_at < ?", nowMs - KEEP_MS);
  }
}
