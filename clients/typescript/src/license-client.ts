/**
 * The public face of the library: one LicenseClient per app (and state directory).
 *
 * ```ts
 * const client = new LicenseClient({ apiUrl: "https://api.chartgpt.example", stateDir });
 * const result = await client.validate();
 * if (result.valid) enableFeatures();
 * ```
 */
import { ClientContext, type LicenseClientOptions } from "./context.js";
import { signIn, type DeviceCode, type SignInOptions, type SignInResult } from "./device-sign-in.js";
import { subscribeLive, type DocumentEvent, type LiveSubscription, type SubscribeOptions } from "./live/live-feed.js";
import { activate, deactivate, status, validate } from "./licensing.js";
import type { LicenseResult } from "./outcomes.js";
import { SyncApi, type DocumentSummary, type SyncDocument, type WriteResult } from "./sync.js";

export class LicenseClient {
  private readonly ctx: ClientContext;
  private readonly sync: SyncApi;

  constructor(options: LicenseClientOptions) {
    this.ctx = new ClientContext(options);
    this.sync = new SyncApi(this.ctx, () => this.refreshToken());
  }

  /**
   * Takes a seat for this machine with a license key (idempotent per machine). Without
   * a key, activates again with the stored one.
   */
  activate(licenseKey?: string, options: { name?: string; signal?: AbortSignal } = {}): Promise<LicenseResult> {
    return activate(this.ctx, licenseKey, options);
  }

  /** Asks the API; when it cannot be reached, decides from the stored token (offline grace). */
  validate(options: { signal?: AbortSignal } = {}): Promise<LicenseResult> {
    return validate(this.ctx, options);
  }

  /** Frees this machine's seat and forgets the license locally. */
  deactivate(options: { signal?: AbortSignal } = {}): Promise<LicenseResult> {
    return deactivate(this.ctx, options);
  }

  /** The offline decision from stored state only: no network, no writes. */
  status(): Promise<LicenseResult> {
    return status(this.ctx);
  }

  /** Device sign-in: `onCode` is called at once with the code to show; then polls. */
  signIn(onCode: (code: DeviceCode) => void | Promise<void>, options: SignInOptions = {}): Promise<SignInResult> {
    return signIn(this.ctx, onCode, options);
  }

  /** This machine's fingerprint, as sent to the API. */
  fingerprint(): Promise<string> {
    return this.ctx.machine.fingerprint();
  }

  listDocuments(): Promise<DocumentSummary[]> {
    return this.sync.list();
  }

  /** The document, or null when there is none. */
  getDocument<T = unknown>(name: string): Promise<SyncDocument<T> | null> {
    return this.sync.get<T>(name);
  }

  /** Writes on top of `baseRev` (0 creates); throws SyncError REVISION_CONFLICT when stale. */
  putDocument(name: string, data: unknown, baseRev: number): Promise<WriteResult> {
    return this.sync.put(name, data, baseRev);
  }

  deleteDocument(name: string, baseRev: number): Promise<void> {
    return this.sync.delete(name, baseRev);
  }

  /** Read–merge–write, merging again on every REVISION_CONFLICT (bounded). */
  updateDocument<T = unknown>(
    name: string,
    merge: (current: SyncDocument<T> | null) => T | Promise<T>,
    options: { maxAttempts?: number } = {},
  ): Promise<WriteResult & { conflicts: number }> {
    return this.sync.update<T>(name, merge, options);
  }

  /** The revision of a document this machine last read or wrote (0 when none). */
  lastSeenRevision(name: string): Promise<number> {
    return this.sync.lastSeenRevision(name);
  }

  /** Live document changes of the account; reconnects by itself until closed. */
  subscribe(onEvent: (event: DocumentEvent) => void, options: SubscribeOptions = {}): LiveSubscription {
    return subscribeLive(this.ctx, () => this.refreshToken(), onEvent, options);
  }

  /** A fresh token through an online validate; false when the answer is not VALID. */
  private async refreshToken(): Promise<boolean> {
    const result = await this.validate();
    return result.valid === true && result.offline === false;
  }
}
