/** Shapes crossing the RPC boundary of desktop sign-in: the Worker, the authorization's object and the account object. */
import type { LicenseView, MachineView } from "../src/core/views";
export type { DeviceRequestView } from "../src/core/views";

/** The machine's own components (API.md, "Seat policies"): name → salted hash. */
export type MachineComponents = Record<string, string>;

/** What the app said about its machine when it asked, and where it asked from. */
interface AskingMachine {
  fingerprint: string;
  name?: string | undefined;
  platform?: string | undefined;
  appVersion?: string | undefined;
  components?: MachineComponents | undefined;
  /** `request.cf.country` of the app's request; absent locally. */
  country?: string | undefined;
}

export interface CreateInput extends AskingMachine {
  authorizationId: string;
  /** Canonical 8 letters (the object's name). */
  userCode: string;
  deviceCodeHash: string;
}

/** The machine that asked, as the approving account object needs it. */
export interface DeviceRequest extends AskingMachine {
  authorizationId: string;
  userCode: string;
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
