/**
 * What every part of the client shares: the transport, the state store, the machine,
 * the pinned keys and the clock. Internal; the public surface is LicenseClient.
 */
import { hostname } from "node:os";
import { ApiTransport } from "./http/transport.js";
import type { RetryPolicy } from "./http/retry.js";
import { acceptableComponents, type MachineIdentity } from "./machine/identity.js";
import { nodeMachine } from "./machine/node-machine.js";
import { StateStore } from "./state/state-store.js";
import { PinnedKeySet } from "./token/license-token.js";
import { PINNED_KEYS, type PinnedKey } from "./token/pinned-keys.js";
import type { WebSocketFactory } from "./live/socket.js";

export interface LicenseClientOptions {
  /** Base address of the licensing API, e.g. `https://api.chartgpt.example`. */
  apiUrl: string;
  /** Directory of this app's license state (created 0700 when missing). */
  stateDir: string;
  /**
   * Public keys trusted for offline grace. Defaults to the keys compiled into this
   * build (PINNED_KEYS). Pass only keys that ship with the app: never a key set that
   * was downloaded or read from a writable location at run time.
   */
  pinnedKeys?: readonly PinnedKey[];
  /**
   * The `iss` every token must name. Defaults to the origin of the API the token was
   * obtained from; a release should pin its production origin here.
   */
  issuer?: string;
  /** Defaults to {@link nodeMachine}. */
  machine?: MachineIdentity;
  /** Shown in the customer's portal; defaults to the host name. */
  machineName?: string;
  appVersion?: string;
  /** The local clock; replace only in tests. */
  now?: () => Date;
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Per-attempt time limit in ms (default 8 000); see RetryPolicy.budgetMs for the whole call. */
  timeoutMs?: number;
  /** How the live feed opens WebSockets; defaults to a built-in client over node:http. */
  webSocketFactory?: WebSocketFactory;
}

export class ClientContext {
  readonly transport: ApiTransport;
  readonly store: StateStore;
  readonly machine: MachineIdentity;
  readonly keys: PinnedKeySet;
  readonly now: () => Date;
  readonly apiOrigin: string;

  constructor(readonly options: LicenseClientOptions) {
    this.transport = new ApiTransport({
      apiUrl: options.apiUrl,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    this.apiOrigin = new URL(options.apiUrl).origin;
    this.store = new StateStore(options.stateDir);
    this.machine = options.machine ?? nodeMachine();
    this.keys = new PinnedKeySet(options.pinnedKeys ?? PINNED_KEYS);
    this.now = options.now ?? (() => new Date());
  }

  /** The issuer a stored token must name. */
  issuerFor(storedApiOrigin: string): string {
    return this.options.issuer ?? storedApiOrigin;
  }

  /** Who this machine is, in the request shape of activate and device authorize. */
  async machineFields(name?: string): Promise<Record<string, unknown>> {
    const components = acceptableComponents(await this.machine.components());
    const label = (name ?? this.options.machineName ?? hostname()).trim().slice(0, 100);
    return {
      fingerprint: await this.machine.fingerprint(),
      ...(label ? { name: label } : {}),
      platform: this.machine.platform().slice(0, 50),
      ...(this.options.appVersion ? { app_version: this.options.appVersion.slice(0, 50) } : {}),
      ...(components ? { components } : {}),
    };
  }
}
