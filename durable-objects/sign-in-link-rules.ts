/**
 * How many sign-in emails an account sends, decided by its object from the links it
 * issued in the last day. The person asking always gets the same 202: what is limited is
 * the sending, so somebody flooding an address can neither lock its owner out (the
 * owner, asking from their own network, has their own allowance) nor fill the mailbox
 * (the daily cap holds however many networks ask).
 *
 * A requester is a keyed tag of the asking network (src/auth/link-requester.ts). Links
 * sent by support carry none: they are neither limited nor counted.
 */
export const LINK_LIMITS = {
  /** A person retrying a few times; a flooder from one network gets no more than this. */
  perRequesterPer15Minutes: 3,
  perRequesterPerDay: 6,
  /** However many networks ask, the address receives at most this many a day. */
  perAccountPerDay: 20,
} as const;

const MINUTE = 60 * 1000;
export const LINK_HISTORY_MS = 24 * 60 * MINUTE;

export interface IssuedLink {
  issuedAt: number;
  /** null for a link sent by support. */
  requester: string | null;
}

export type LinkRule = "requester_15_minutes" | "requester_day" | "account_day";
export type LinkDecision = { send: true } | { send: false; rule: LinkRule };

/** May `requester` have one more link sent now, given what was issued in the last day? */
export function mayIssueLink(issued: readonly IssuedLink[], requester: string, nowMs: number, limits = LINK_LIMITS): LinkDecision {
  const dayAgo = nowMs - LINK_HISTORY_MS;
  const quarterAgo = nowMs - 15 * MINUTE;
  let account = 0;
  let mineToday = 0;
  let mineRecently = 0;
  for (const link of issued) {
    if (link.requester === null || link.issuedAt <= dayAgo) continue;
    account++;
    if (link.requester !== requester) continue;
    mineToday++;
    if (link.issuedAt > quarterAgo) mineRecently++;
  }
  if (account >= limits.perAccountPerDay) return { send: false, rule: "account_day" };
  if (mineRecently >= limits.perRequesterPer15Minutes) return { send: false, rule: "requester_15_minutes" };
  if (mineToday >= limits.perRequesterPerDay) return { send: false, rule: "requester_day" };
  return { send: true };
}
