// RELIABILITY.md scenario 29: two machines write the same document on the same revision
// at once — exactly one wins, the other is told the revision that won, and its retry on
// top of it wins.
import { describe, expect, it } from "vitest";
import { getDoc, putDoc, syncAccount } from "../helpers/sync";

describe("writes at once", () => {
  it("two machines on the same revision: one wins, the other gets REVISION_CONFLICT with the winner's revision, and its retry wins", async () => {
    const { machines } = await syncAccount(2);
    const [desk, laptop] = machines as [(typeof machines)[0], (typeof machines)[0]];
    await putDoc(desk.token, "presets", { items: ["a"] }, 0);

    const [fromDesk, fromLaptop] = await Promise.all([
      putDoc(desk.token, "presets", { items: ["a", "desk"] }, 1),
      putDoc(laptop.token, "presets", { items: ["a", "laptop"] }, 1),
    ]);
    const results = [fromDesk, fromLaptop];
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    const loser = results.find((r) => r.status === 409)!;
    expect(winner.body.rev).toBe(2);
    expect(loser.body.error).toMatchObject({ code: "REVISION_CONFLICT", details: { current_rev: 2 } });

    // The loser reads what won, merges, and writes on top of it.
    const loserToken = loser === fromDesk ? desk.token : laptop.token;
    const current = await getDoc(loserToken, "presets");
    const merged = { items: [...current.body.data.items, loser === fromDesk ? "desk" : "laptop"] };
    const retry = await putDoc(loserToken, "presets", merged, loser.body.error.details.current_rev);
    expect(retry.status).toBe(200);
    expect(retry.body.rev).toBe(3);
    expect((await getDoc(desk.token, "presets")).body.data.items).toEqual(expect.arrayContaining(["a", "desk", "laptop"]));
  });

  it("50 writers creating the same document at once: exactly one creates it, 49 conflict on revision 1", async () => {
    const { machines } = await syncAccount(2);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => putDoc(machines[i % 2]!.token, "settings", { writer: i }, 0)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const conflicts = results.filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(49);
    for (const c of conflicts) expect(c.body.error).toMatchObject({ code: "REVISION_CONFLICT", details: { current_rev: 1 } });
    const stored = await getDoc(machines[0]!.token, "settings");
    expect(stored.body.rev).toBe(1);
    expect(stored.body.data).toEqual({ writer: results.findIndex((r) => r.status === 200) });
  });

  it("a chain of writers each retrying on conflict ends with every write applied once, revisions without gaps", async () => {
    const { machines } = await syncAccount(3);
    await putDoc(machines[0]!.token, "log", [], 0);
    const append = async (token: string, entry: string) => {
      for (;;) {
        const current = await getDoc(token, "log");
        const res = await putDoc(token, "log", [...current.body.data, entry], current.body.rev);
        if (res.status === 200) return res.body.rev as number;
        expect(res.body.error.code).toBe("REVISION_CONFLICT");
      }
    };
    const revs = await Promise.all(Array.from({ length: 12 }, (_, i) => append(machines[i % 3]!.token, `e${i}`)));
    expect([...revs].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
    const final = await getDoc(machines[1]!.token, "log");
    expect(final.body.rev).toBe(13);
    expect([...final.body.data].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `e${i}`).sort());
  });
});
