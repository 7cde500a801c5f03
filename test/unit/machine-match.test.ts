import { describe, expect, it } from "vitest";
import { findSameMachine, isSameMachine, matchedCount, sameComponents, type Components } from "../../src/core/machine-match";

// Component values are salted hashes in real use; short stand-ins read better here.
const pc = { machine_guid: "guid-0001", bios_serial: "bios-0001", board_serial: "board-001", disk_serial: "disk-0001" };

describe("isSameMachine: more than half of at least two stored components, same name and same value", () => {
  const cases: [string, Components, Components, boolean][] = [
    ["all four the same", pc, pc, true],
    ["a reinstall: new machine GUID, 3 of 4 the same", { ...pc, machine_guid: "guid-0002" }, pc, true],
    ["a new disk and a reinstall: 2 of 4 (a tie is not more than half)", { ...pc, machine_guid: "guid-0002", disk_serial: "disk-0002" }, pc, false],
    ["everything changed", { machine_guid: "g-9999999", bios_serial: "b-9999999", board_serial: "c-9999999", disk_serial: "d-9999999" }, pc, false],
    ["2 of 3", { a: "value-0001", b: "value-0002", c: "changed-3" }, { a: "value-0001", b: "value-0002", c: "value-0003" }, true],
    ["1 of 3", { a: "value-0001", b: "changed-2", c: "changed-3" }, { a: "value-0001", b: "value-0002", c: "value-0003" }, false],
    ["2 of 2", { a: "value-0001", b: "value-0002" }, { a: "value-0001", b: "value-0002" }, true],
    ["1 of 2 (a tie)", { a: "value-0001", b: "changed-2" }, { a: "value-0001", b: "value-0002" }, false],
    ["one stored component, even the same, is too little evidence", { a: "value-0001" }, { a: "value-0001" }, false],
    ["nothing stored", pc, {}, false],
    ["the same value under another name does not count", { bios_serial: "guid-0001", board_serial: "board-001", disk_serial: "disk-0001" }, pc, false],
    ["extra new components do not dilute a match", { ...pc, machine_guid: "guid-0002", cpu_id: "cpu-00001", mac: "mac-000001" }, pc, true],
    ["fewer components sent, 3 of the 4 stored among them", { bios_serial: "bios-0001", board_serial: "board-001", disk_serial: "disk-0001" }, pc, true],
  ];
  it.each(cases)("%s", (_name, incoming, stored, same) => {
    expect(isSameMachine(incoming, stored)).toBe(same);
  });

  it("counts only own entries (a name like __proto__ or toString is just a name)", () => {
    expect(matchedCount({ toString: "value-0001" }, { toString: "value-0001", x: "value-0002" })).toBe(1);
    expect(matchedCount({}, { toString: "value-0001" })).toBe(0);
  });
});

describe("findSameMachine: which active machine a new set of components is", () => {
  const machine = (id: string, lastSeen: string, activated = "2026-01-01T00:00:00.000Z", rev = 1) => ({
    id,
    last_seen_at: lastSeen,
    activated_at: activated,
    rev,
  });
  const find = (incoming: Components | null, fleet: [ReturnType<typeof machine>, Components | null][]) =>
    findSameMachine(
      incoming,
      fleet.map(([m]) => m),
      (m) => new Map(fleet.map(([k, c]) => [k.id, c])).get(m.id) ?? null,
    );

  it("finds nothing without incoming components, or among machines that stored none", () => {
    expect(find(null, [[machine("a", "2026-02-01T00:00:00.000Z"), pc]])).toBeNull();
    expect(find(pc, [[machine("a", "2026-02-01T00:00:00.000Z"), null]])).toBeNull();
    expect(find(pc, [])).toBeNull();
  });

  it("reports how strong the match is", () => {
    const a = machine("a", "2026-02-01T00:00:00.000Z");
    expect(find({ ...pc, machine_guid: "guid-0002" }, [[a, pc]])).toEqual({ machine: a, matched: 3, stored: 4 });
  });

  it("duplicates across machines: more matching components wins over a larger share", () => {
    const four = machine("four", "2026-02-01T00:00:00.000Z");
    const two = machine("two", "2026-02-01T00:00:00.000Z");
    const incoming = { ...pc, machine_guid: "guid-0002" };
    // "four" matches 3 of 4; "two" stored only two of the same serials and matches both.
    const result = find(incoming, [
      [two, { bios_serial: "bios-0001", board_serial: "board-001" }],
      [four, pc],
    ]);
    expect(result?.machine.id).toBe("four");
  });

  it("duplicates across machines: with as many matches, the larger share of stored components wins", () => {
    const three = machine("three", "2026-02-01T00:00:00.000Z");
    const five = machine("five", "2026-02-01T00:00:00.000Z");
    const incoming = { a: "value-0001", b: "value-0002", c: "value-0003" };
    const result = find(incoming, [
      [five, { a: "value-0001", b: "value-0002", c: "value-0003", d: "value-0004", e: "value-0005" }],
      [three, { a: "value-0001", b: "value-0002", c: "value-0003" }],
    ]);
    expect(result?.machine.id).toBe("three");
  });

  it("duplicates across machines, tied (clones of one image): the machine seen least recently wins, then the older activation", () => {
    const live = machine("live-twin", "2026-03-01T12:00:00.000Z", "2026-01-01T00:00:00.000Z");
    const quiet = machine("reinstalled", "2026-02-20T08:00:00.000Z", "2026-01-05T00:00:00.000Z");
    const incoming = { ...pc, machine_guid: "guid-0009" };
    expect(
      find(incoming, [
        [live, pc],
        [quiet, pc],
      ])?.machine.id,
    ).toBe("reinstalled");
    expect(
      find(incoming, [
        [quiet, pc],
        [live, pc],
      ])?.machine.id,
    ).toBe("reinstalled");

    const older = machine("older", "2026-03-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z", 9);
    const newer = machine("newer", "2026-03-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z", 2);
    expect(
      find(incoming, [
        [newer, pc],
        [older, pc],
      ])?.machine.id,
    ).toBe("older");
  });
});

describe("sameComponents", () => {
  it("compares entries in any order", () => {
    expect(sameComponents({ a: "1", b: "2" }, { b: "2", a: "1" })).toBe(true);
    expect(sameComponents({ a: "1" }, { a: "1", b: "2" })).toBe(false);
    expect(sameComponents({ a: "1" }, { a: "2" })).toBe(false);
    expect(sameComponents(null, undefined)).toBe(true);
    expect(sameComponents(null, { a: "1" })).toBe(false);
  });
});
