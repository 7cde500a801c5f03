import { describe, expect, it } from "vitest";
import { armAlarmBy } from "../../durable-objects/alarm-schedule";

function fakeStorage(alarm: number | null) {
  const storage = {
    alarm,
    getAlarm: async () => storage.alarm,
    setAlarm: async (at: number | Date) => {
      storage.alarm = Number(at);
    },
  };
  return storage;
}

describe("the shared alarm", () => {
  it("is set when none is", async () => {
    const s = fakeStorage(null);
    await armAlarmBy(s, 5_000);
    expect(s.alarm).toBe(5_000);
  });

  it("moves only earlier: a later request leaves an earlier alarm, an earlier one replaces a later", async () => {
    const s = fakeStorage(5_000);
    await armAlarmBy(s, 9_000);
    expect(s.alarm).toBe(5_000);
    await armAlarmBy(s, 1_000);
    expect(s.alarm).toBe(1_000);
  });

  it("keeps an alarm that is due but has not started (it is about to run)", async () => {
    const s = fakeStorage(Date.now() - 10);
    await armAlarmBy(s, Date.now() + 60_000);
    expect(s.alarm).toBeLessThan(Date.now());
  });
});
