/** Shapes crossing the RPC boundary of desktop sign-in: the Worker, the authorization's object and the account object. */
import type { LicenseView, MachineView } from "../src/core/views";
export type { DeviceRequestView } from "../src/core/views";

/** The machine's own components (API.md, "Seat policies"): name → salted hash. */
export type MachineComponents = Record<string, string>;

export interface CreateInput {
  authorizationId: string;
  /** Canonical 8 letters (the object's name). */
  userCode: string;
  deviceCodeHash: string;
  fingerprint: string;
  name?: string | undefined;
  platform?: string | undefined;
  appVersion?: string | undefined;
  components?: MachineComponents | undefined;
  /** `request.cf.country` of the app's request; absent locally. */
  country?: string | undefined;
}

/** The machine that asked, as the approving account object needs it. */
export interface DeviceRequest {
  authorizationId: string;
  userCode: string;
  fingerprint: string;
  name?: string | undefined;
  platform?: string | undefined;
  appVersion?: string | undefined;
  components?: MachineComponents | undefined;
  country?: string | undefined;
  requestedAt: string;
}

/** What an approval gives the app: the activation and license, and the key (still encrypted). */
export interface DeviceGrant {
  /** The approving account: the token names it (`acc`) so desktop sync reaches it without a lookup. */
  accountId: string;
  licenseId: string;
  keyCiphertext: string;
  activation: MachineView;
  license: LicenseView;
}

export type PollResult =
  | { answer: "expired" }
  | { answer: "denied" }
  | { answer: "pending" }
  | { answer: "slow_down"; intervalS: number }
  | { answer: "approved"; grant: DeviceGrant };
