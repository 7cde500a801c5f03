// Settings that follow the trader from the desk PC to the laptop, with
// @chartgpt/license-client: read at start-up, write with the conflict helper, listen for
// the other machines' changes, and keep a local copy for when the API cannot be reached.
// The AI provider key is never in here: it stays on each machine (Electron safeStorage).
import { type LicenseClient, SyncError } from "@chartgpt/license-client";

export interface Settings {
  theme: "dark" | "light";
  presets: { name: string; prompt: string }[];
}

const NAME = "settings";

/** At start-up: the account's copy, or null when there is none yet (or offline: use the local one). */
export async function loadSettings(client: LicenseClient): Promise<Settings | null> {
  try {
    return (await client.getDocument<Settings>(NAME))?.data ?? null;
  } catch (err) {
    if (err instanceof SyncError && err.code === "NETWORK") return null; // offline: keep the local copy
    throw err;
  }
}

/**
 * A change made on this machine: read the newest copy, apply the change to it, write it
 * over that revision; if another machine wrote in between (REVISION_CONFLICT), the
 * helper reads again and applies the change again. `change` must not have side effects.
 */
export async function saveSettings(client: LicenseClient, change: (current: Settings) => Settings, defaults: Settings): Promise<number> {
  const written = await client.updateDocument<Settings>(NAME, (current) => change(current?.data ?? defaults));
  return written.rev;
}

/** While the app runs: another machine's change arrives within a second; fetch it then. */
export function followSettings(client: LicenseClient, apply: (settings: Settings) => void): () => void {
  const subscription = client.subscribe(
    async (event) => {
      if (event.name !== NAME || event.deleted) return;
      const doc = await client.getDocument<Settings>(NAME);
      if (doc) apply(doc.data);
    },
    {
      // Changes made while disconnected are not replayed: read again on every (re)connection.
      onStatus: (status) => {
        if (status.state === "open") void loadSettings(client).then((s) => s && apply(s));
      },
    },
  );
  return () => subscription.close();
}
