/**
 * Is a new fingerprint an active machine after a hardware change or an OS reinstall?
 * (API.md "Seat policies", machine components.) Pure, so the rule is unit-tested as a
 * table and the reference model of the account can use the very same one.
 *
 * Components are salted hashes of hardware identifiers (name → value). A machine is the
 * same when it has at least MIN_STORED_COMPONENTS stored and the new set matches MORE
 * than half of them (same name, same value): 2 of 2, 2 of 3, 3 of 4, 3 of 5. Half is not
 * enough: two machines built from one image (or with one part moved between them) may
 * share half their identifiers, and a tie must not hand one machine's seat to the other.
 */
export type Components = Readonly<Record<string, string>>;

/** Fewer stored components than this never match: one identifier is too little evidence. */
export const MIN_STORED_COMPONENTS = 2;

export interface MatchCandidate {
  id: string;
  last_seen_at: string;
  activated_at: string;
  rev: number;
}

export interface SameMachine<T> {
  machine: T;
  /** Stored components the new set has with the same value. */
  matched: number;
  /** Components stored for the machine. */
  stored: number;
}

export function matchedCount(incoming: Components, stored: Components): number {
  let n = 0;
  for (const [name, value] of Object.entries(stored)) if (Object.hasOwn(incoming, name) && incoming[name] === value) n++;
  return n;
}

export function isSameMachine(incoming: Components, stored: Components): boolean {
  const count = Object.keys(stored).length;
  return count >= MIN_STORED_COMPONENTS && matchedCount(incoming, stored) * 2 > count;
}

/**
 * The active machine the new components identify, or null. When several match (clones,
 * or a part moved between machines), the strongest evidence wins: more matching
 * components, then a larger share of the machine's stored ones. Left tied, the machine
 * seen least recently wins — a machine being reinstalled has stopped checking in, while
 * a live twin keeps doing so — and then the older activation (a stable last resort).
 */
export function findSameMachine<T extends MatchCandidate>(
  incoming: Components | null | undefined,
  candidates: readonly T[],
  storedOf: (machine: T) => Components | null | undefined,
): SameMachine<T> | null {
  if (!incoming) return null;
  let best: SameMachine<T> | null = null;
  for (const machine of candidates) {
    const stored = storedOf(machine);
    if (!stored || !isSameMachine(incoming, stored)) continue;
    const match = { machine, matched: matchedCount(incoming, stored), stored: Object.keys(stored).length };
    if (!best || stronger(match, best)) best = match;
  }
  return best;
}

function stronger<T extends MatchCandidate>(a: SameMachine<T>, b: SameMachine<T>): boolean {
  if (a.matched !== b.matched) return a.matched > b.matched;
  // a.matched / a.stored vs b.matched / b.stored, without division.
  const share = a.matched * b.stored - b.matched * a.stored;
  if (share !== 0) return share > 0;
  if (a.machine.last_seen_at !== b.machine.last_seen_at) return a.machine.last_seen_at < b.machine.last_seen_at;
  if (a.machine.activated_at !== b.machine.activated_at) return a.machine.activated_at < b.machine.activated_at;
  return a.machine.rev < b.machine.rev;
}

/** Same entries, in any order (so an unchanged set is not written again). */
export function sameComponents(a: Components | null | undefined, b: Components | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
}
