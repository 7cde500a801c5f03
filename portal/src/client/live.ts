/**
 * The live connection: the account object pushes the license and machines after every
 * change, and a short note whenever a synced document changes (`onDocument`). Reconnects with exponential backoff (1 s doubling to 30 s, with jitter) and
 * reports its state so the page can say whether what it shows is live.
 */
import type { MachineView, LicenseView, SeatPolicyView } from "../../../src/core/views";

export type LiveState = "connecting" | "live" | "reconnecting" | "signed-out";

export interface LiveMessage {
  type: "license";
  license: LicenseView | null;
  machines: MachineView[];
  /** The license's seat policies and swaps left (null without a license). */
  seat_policy: SeatPolicyView | null;
}

export function connectLive(
  onMessage: (m: LiveMessage) => void,
  onState: (s: LiveState, retryInMs?: number) => void,
  onDocument: () => void = () => {},
): () => void {
  let socket: WebSocket | null = null;
  let attempt = 0;
  let stopped = false;
  let ping: ReturnType<typeof setInterval> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const open = () => {
    onState(attempt === 0 ? "connecting" : "reconnecting");
    socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/v1/portal/live`);
    socket.addEventListener("open", () => {
      attempt = 0;
      onState("live");
      ping = setInterval(() => socket?.readyState === WebSocket.OPEN && socket.send("ping"), 30_000);
    });
    socket.addEventListener("message", (event) => {
      const data = JSON.parse(String(event.data)) as { type: string };
      if (data.type === "license") onMessage(data as LiveMessage);
      else if (data.type === "document") onDocument();
    });
    socket.addEventListener("close", (event) => {
      clearInterval(ping);
      if (stopped) return;
      if (event.code === 4001) {
        onState("signed-out");
        return;
      }
      const delay = Math.min(30_000, 1_000 * 2 ** attempt) * (0.8 + Math.random() * 0.4);
      attempt++;
      onState("reconnecting", delay);
      retry = setTimeout(open, delay);
    });
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(retry);
    socket?.close();
  };
}
