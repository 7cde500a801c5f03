// Settings and prompt presets that follow the trader from the desk PC to the laptop:
// read at start-up, write with the conflict helper, and follow the other machines'
// changes. Every call blocks on the network: run it off the UI thread. The AI provider
// key is never in here: it stays on each machine (DPAPI).
using System;
using System.IO;
using System.Threading.Tasks;
using ChartGpt.Licensing;

namespace NinjaTrader.NinjaScript.AddOns.ChartGpt
{
    public static class SyncedSettings
    {
        private const string Name = "settings";

        /// <summary>Where the last copy is kept, for starts without a connection.</summary>
        private static string LocalCopy { get { return Path.Combine(ChartGptLicense.StateDirectory, "settings.json"); } }

        /// <summary>At start-up: the account's copy (JSON text), else the local one, else null.</summary>
        public static Task<string> LoadAsync()
        {
            return Task.Run(() =>
            {
                SyncResult r = ChartGptLicense.Client.Sync.GetDocument(Name);
                if (r.Ok)
                {
                    File.WriteAllText(LocalCopy, r.Document.Data);
                    return r.Document.Data;
                }
                // NOT_FOUND: nothing synced yet. NETWORK: offline, use what this machine had.
                return File.Exists(LocalCopy) ? File.ReadAllText(LocalCopy) : null;
            });
        }

        /// <summary>
        /// A change made here: <paramref name="change"/> gets the newest JSON (null when there is
        /// none) and returns the new JSON. If another machine wrote in between, the helper reads
        /// again and calls it again, so it must not have side effects.
        /// </summary>
        public static Task<SyncResult> SaveAsync(Func<string, string> change)
        {
            return Task.Run(() =>
            {
                SyncResult r = ChartGptLicense.Client.Sync.UpdateDocument(Name, current => change(current == null ? null : current.Data));
                // Offline (NETWORK): keep the change locally and save it again when back online.
                return r;
            });
        }

        /// <summary>While NinjaTrader runs: another machine's change arrives within a second.</summary>
        public static SyncLiveFeed Follow(Action<string> apply)
        {
            return ChartGptLicense.Client.Sync.Subscribe(change =>
            {
                if (change.Name != Name || change.Deleted) return;
                SyncResult r = ChartGptLicense.Client.Sync.GetDocument(Name);
                if (r.Ok) apply(r.Document.Data);
            });
        }
    }
}
