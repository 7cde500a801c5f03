// The revision rule of desktop sync, as a table: what each write or delete over a given
// base revision does to a name that holds nothing, a document, or a tombstone.
import { describe, expect, it } from "vitest";
import { decideDelete, decidePut, documentSize, MAX_DOCUMENTS } from "../../src/core/sync-rules";

const nothing = null;
const doc = (rev: number) => ({ rev, deleted: false });
const tombstone = (rev: number) => ({ rev, deleted: true });

describe("a put", () => {
  it.each([
    ["creates a new name on 0", nothing, 0, { kind: "write", rev: 1 }],
    ["refuses a new name on anything else", nothing, 2, { kind: "conflict", currentRev: 0 }],
    ["replaces a document on its revision", doc(4), 4, { kind: "write", rev: 5 }],
    ["refuses an older revision", doc(4), 3, { kind: "conflict", currentRev: 4 }],
    ["refuses a newer one", doc(4), 5, { kind: "conflict", currentRev: 4 }],
    ["refuses 0 over a document", doc(4), 0, { kind: "conflict", currentRev: 4 }],
    ["creates again over a tombstone on 0, continuing its revisions", tombstone(6), 0, { kind: "write", rev: 7 }],
    ["creates again over a tombstone on its revision", tombstone(6), 6, { kind: "write", rev: 7 }],
    ["refuses a tombstone's older revision (a machine that missed the delete)", tombstone(6), 5, { kind: "conflict", currentRev: 6 }],
  ] as const)("%s", (_what, held, baseRev, expected) => {
    expect(decidePut({ held, baseRev, floor: 0, liveCount: 0 })).toEqual(expected);
  });

  it("starts a name that holds nothing above the floor left by dropped tombstones", () => {
    expect(decidePut({ held: nothing, baseRev: 0, floor: 41, liveCount: 0 })).toEqual({ kind: "write", rev: 42 });
    expect(decidePut({ held: tombstone(3), baseRev: 0, floor: 41, liveCount: 0 })).toEqual({ kind: "write", rev: 4 });
  });

  it("counts only new documents against the limit: the 101st is refused, rewriting one of 100 is not", () => {
    expect(decidePut({ held: nothing, baseRev: 0, floor: 0, liveCount: MAX_DOCUMENTS - 1 })).toEqual({ kind: "write", rev: 1 });
    expect(decidePut({ held: nothing, baseRev: 0, floor: 0, liveCount: MAX_DOCUMENTS })).toEqual({ kind: "limit" });
    expect(decidePut({ held: tombstone(2), baseRev: 2, floor: 0, liveCount: MAX_DOCUMENTS })).toEqual({ kind: "limit" });
    expect(decidePut({ held: doc(2), baseRev: 2, floor: 0, liveCount: MAX_DOCUMENTS })).toEqual({ kind: "write", rev: 3 });
  });

  it("judges the revision before the limit: a stale write is told the current revision", () => {
    expect(decidePut({ held: nothing, baseRev: 7, floor: 0, liveCount: MAX_DOCUMENTS })).toEqual({ kind: "conflict", currentRev: 0 });
  });
});

describe("a delete", () => {
  it.each([
    ["leaves a tombstone with the next revision", doc(2), 2, { kind: "delete", rev: 3 }],
    ["refuses another revision", doc(2), 1, { kind: "conflict", currentRev: 2 }],
    ["without a base revision, deletes whatever is there (the portal)", doc(2), undefined, { kind: "delete", rev: 3 }],
    ["of nothing is missing", nothing, 0, { kind: "missing", currentRev: 0 }],
    ["of a tombstone is missing, naming its revision", tombstone(3), 3, { kind: "missing", currentRev: 3 }],
  ] as const)("%s", (_what, held, baseRev, expected) => {
    expect(decideDelete({ held, baseRev })).toEqual(expected);
  });
});

it("size is the byte length of the compact UTF-8 JSON", () => {
  expect(documentSize(JSON.stringify({ a: "€" }))).toBe(11); // 9 characters, the euro sign 3 bytes
  expect(documentSize("null")).toBe(4);
});
