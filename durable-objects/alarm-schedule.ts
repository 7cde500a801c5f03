/**
 * An object has one alarm, and this one serves two purposes: flushing the outbox
 * (write-through.ts) and ending live sockets whose session expired (live-sessions.ts).
 * So nobody overwrites it blindly: whoever asks, the earliest time wins. An alarm that
 * fires early is harmless to both (the flush finds nothing to do or retries; the sweep
 * finds its sessions still good and asks again for the next deadline), whereas one
 * pushed later would leave rows unflushed or a socket open past its session.
 *
 * While the alarm handler runs, getAlarm() answers null (the runtime counts an alarm as
 * set only until it starts), so a handler re-arming itself is never kept from it; an
 * alarm already due but not yet started is kept, since it is about to run.
 */
export async function armAlarmBy(storage: Pick<DurableObjectStorage, "getAlarm" | "setAlarm">, at: number): Promise<void> {
  const current = await storage.getAlarm();
  if (current !== null && current <= at) return;
  await storage.setAlarm(at);
}
