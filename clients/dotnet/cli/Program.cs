using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using ChartGpt.Licensing;
using ChartGpt.Licensing.Identity;
using ChartGpt.Licensing.Json;
using ChartGpt.Licensing.Tokens;

namespace ChartGpt.Licensing.Cli
{
    /// <summary>
    /// chartgpt-license: the sample command line of the C# client, built on the library's
    /// public API only (CLIENTS.md "The command line"). Progress goes to stderr; the last
    /// line of stdout is one JSON object; exit 0 when ok (and valid), 2 for a definite
    /// "no", 1 otherwise.
    /// </summary>
    internal static class Program
    {
        private const string Usage =
            "usage: chartgpt-license <activate|validate|deactivate|status|sign-in|sync-list|sync-get NAME|sync-put NAME FILE|sync-watch>\n" +
            "       --state DIR [--api URL] [--key KEY] [--fingerprint FP [--components NAME=VALUE,...]] [--name NAME] [--keys JWKS_FILE] [--base-rev N] [--seconds N]";

        private static int Main(string[] argv)
        {
            Console.OutputEncoding = new System.Text.UTF8Encoding(false);
            Args args;
            string error;
            if (!Args.TryParse(argv, out args, out error)) return Finish(Failure("USAGE", error + "\n" + Usage), 1);
            try
            {
                return Run(args);
            }
            catch (Exception e)
            {
                // Anything unexpected still ends in one JSON line, never a bare stack trace on stdout.
                Console.Error.WriteLine(e);
                return Finish(Failure("INTERNAL", e.GetType().Name + ": " + e.Message), 1);
            }
        }

        private static int Run(Args a)
        {
            var options = new LicenseClientOptions
            {
                ApiBase = a.Api,
                StateDirectory = a.State,
                MachineName = a.Name,
                AppVersion = "cli-1.0",
                Log = m => Console.Error.WriteLine("[license] " + m),
            };
            string now = Environment.GetEnvironmentVariable("LICENSE_CLIENT_NOW");
            if (!string.IsNullOrEmpty(now))
            {
                FixedClock clock = FixedClock.Parse(now);
                if (clock == null) return Finish(Failure("USAGE", "LICENSE_CLIENT_NOW is not an ISO time: " + now), 1);
                options.Clock = clock;
            }
            if (a.KeysFile != null)
            {
                try { options.PinnedKeys = PinnedKeySet.FromJwks(File.ReadAllText(a.KeysFile)); }
                catch (Exception e) when (e is IOException || e is FormatException || e is UnauthorizedAccessException)
                {
                    return Finish(Failure("USAGE", "--keys " + a.KeysFile + ": " + e.Message), 1);
                }
            }
            // An explicit fingerprint stands for another (test) machine: send only its simulated
            // components (--components, hashed as real ones are), or the API would take it for
            // this computer after a hardware change.
            if (a.Fingerprint != null)
                options.Machine = new FixedMachineIdentity(a.Fingerprint, a.Components == null ? null : MachineIdentity.FromRaw(a.Components).Components);

            var client = new LicenseClient(options);
            var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (s, e) => { e.Cancel = true; cancel.Cancel(); };

            switch (a.Command)
            {
                case "activate": return Report(client.Activate(a.Key, a.Name, cancel.Token));
                case "validate": return Report(client.Validate(cancel.Token));
                case "deactivate": return Report(client.Deactivate(cancel.Token));
                case "status": return Report(client.Status());
                case "sign-in":
                    return Report(client.SignIn(code =>
                    {
                        Console.Error.WriteLine("Open " + code.VerificationUri + " and enter " + code.UserCode);
                        Console.Error.Flush();
                    }, a.Name, cancel.Token));
                case "sync-list": return Report(client.Sync.ListDocuments(cancel.Token), null);
                case "sync-get": return Report(client.Sync.GetDocument(a.Positional[0], cancel.Token), a.Positional[0]);
                case "sync-put":
                    string json;
                    try { json = a.Positional[1] == "-" ? Console.In.ReadToEnd() : File.ReadAllText(a.Positional[1]); }
                    catch (IOException e) { return Finish(Failure("USAGE", "cannot read " + a.Positional[1] + ": " + e.Message), 1); }
                    long baseRev = a.BaseRev ?? client.Sync.KnownRevision(a.Positional[0]) ?? 0;
                    Console.Error.WriteLine("[license] writing " + a.Positional[0] + " over revision " + baseRev);
                    return Report(client.Sync.PutDocument(a.Positional[0], json, baseRev, cancel.Token), a.Positional[0]);
                case "sync-watch": return Watch(client, a.Seconds, cancel.Token);
            }
            return Finish(Failure("USAGE", "unknown command " + a.Command + "\n" + Usage), 1);
        }

        private static int Report(LicenseResult r)
        {
            var o = new JsonObject()
                .With("ok", r.Ok)
                .With("code", r.Code)
                .With("valid", r.Valid)
                .With("offline", r.Offline)
                .With("expires_at", r.ExpiresAt)
                .With("license_id", r.LicenseId)
                .With("activation_id", r.ActivationId)
                .With("seats", r.Seats)
                .With("seats_used", r.SeatsUsed)
                .With("entitlements", r.Entitlements)
                .With("user_code", r.UserCode)
                .With("verification_uri", r.VerificationUri)
                .With("message", r.Message);
            int exit = r.Ok && r.Valid != false ? 0 : r.IsDefiniteNo ? 2 : 1;
            return Finish(o, exit);
        }

        private static int Report(SyncResult r, string name)
        {
            var o = new JsonObject().With("ok", r.Ok).With("code", r.Code).With("name", r.Ok ? name : null).With("rev", r.Rev);
            if (r.Ok && r.Document != null && r.Document.Data != null)
            {
                o["data"] = new RawJson(r.Document.Data);
                o.With("updated_at", r.Document.UpdatedAt).With("updated_by", r.Document.UpdatedBy);
            }
            if (r.Documents != null)
            {
                var list = new List<object>();
                foreach (SyncDocument d in r.Documents)
                    list.Add(new JsonObject().With("name", d.Name).With("rev", d.Rev).With("size", d.Size).With("updated_at", d.UpdatedAt).With("updated_by", d.UpdatedBy));
                o["documents"] = list;
            }
            o.With("message", r.Message);
            return Finish(o, r.Ok ? 0 : 1);
        }

        /// <summary>
        /// Follows the live feed for <paramref name="seconds"/>: each event as a JSON line as it
        /// comes, then one line listing them all. Ends early (ok: false) when the feed stops for
        /// good (the machine may no longer sync, or there is no stored token).
        /// </summary>
        private static int Watch(LicenseClient client, int seconds, CancellationToken cancel)
        {
            var events = new List<object>();
            var stopped = new ManualResetEventSlim();
            var gate = new object();
            SyncLiveFeed feed = client.Sync.Subscribe(change =>
            {
                JsonObject e = new JsonObject().With("type", "document").With("name", change.Name).With("rev", change.Rev)
                    .With("deleted", change.Deleted).With("updated_by", change.UpdatedBy);
                lock (gate)
                {
                    events.Add(e);
                    Console.Out.WriteLine(e.ToString());
                    Console.Out.Flush();
                }
            }, status =>
            {
                Console.Error.WriteLine(status);
                if (status.StartsWith("live feed: stopped", StringComparison.Ordinal)) stopped.Set();
            });
            try { stopped.Wait(TimeSpan.FromSeconds(seconds), cancel); }
            catch (OperationCanceledException) { }
            feed.Dispose();
            lock (gate)
            {
                bool ok = feed.StopCode == "CLOSED";
                JsonObject o = new JsonObject().With("ok", ok).With("code", ok ? LicenseCodes.Ok : feed.StopCode);
                o["events"] = new List<object>(events);
                return Finish(o, ok ? 0 : 1);
            }
        }

        private static JsonObject Failure(string code, string message)
        {
            return new JsonObject().With("ok", false).With("code", code).With("message", message);
        }

        private static int Finish(JsonObject o, int exit)
        {
            Console.Out.WriteLine(o.ToString());
            Console.Out.Flush();
            return exit;
        }

        /// <summary>Parsed command line.</summary>
        private sealed class Args
        {
            public string Command;
            public List<string> Positional = new List<string>();
            public Uri Api = new Uri("http://127.0.0.1:8787");
            public string State, Key, Fingerprint, Name, KeysFile;
            public long? BaseRev;
            public int Seconds = 10;
            /// <summary>Raw identifiers of the simulated machine (with --fingerprint).</summary>
            public Dictionary<string, string> Components;

            public static bool TryParse(string[] argv, out Args a, out string error)
            {
                a = new Args();
                error = null;
                for (int i = 0; i < argv.Length; i++)
                {
                    string arg = argv[i];
                    if (!arg.StartsWith("--", StringComparison.Ordinal))
                    {
                        if (a.Command == null) a.Command = arg; else a.Positional.Add(arg);
                        continue;
                    }
                    string name = arg, value = null;
                    int eq = arg.IndexOf('=');
                    if (eq > 0) { name = arg.Substring(0, eq); value = arg.Substring(eq + 1); }
                    else if (i + 1 < argv.Length) value = argv[++i];
                    if (value == null) { error = name + " needs a value"; return false; }
                    switch (name)
                    {
                        case "--api":
                            Uri u;
                            if (!Uri.TryCreate(value, UriKind.Absolute, out u) || (u.Scheme != "http" && u.Scheme != "https")) { error = "--api must be an http(s) URL"; return false; }
                            a.Api = u;
                            break;
                        case "--state": a.State = value; break;
                        case "--key": a.Key = value; break;
                        case "--fingerprint": a.Fingerprint = value; break;
                        case "--name": a.Name = value; break;
                        case "--components":
                            a.Components = new Dictionary<string, string>(StringComparer.Ordinal);
                            foreach (string pair in value.Split(','))
                            {
                                int at = pair.IndexOf('=');
                                if (at <= 0 || at == pair.Length - 1) { error = "--components takes NAME=VALUE pairs separated by commas"; return false; }
                                a.Components[pair.Substring(0, at).Trim()] = pair.Substring(at + 1).Trim();
                            }
                            break;
                        case "--keys": a.KeysFile = value; break;
                        case "--base-rev":
                            long rev;
                            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out rev)) { error = "--base-rev must be a revision number"; return false; }
                            a.BaseRev = rev;
                            break;
                        case "--seconds":
                            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out a.Seconds)) { error = "--seconds must be a whole number"; return false; }
                            break;
                        default: error = "unknown option " + name; return false;
                    }
                }
                if (a.Command == null) { error = "no command"; return false; }
                if (string.IsNullOrEmpty(a.State)) { error = "--state DIR is required"; return false; }
                // Components describe the simulated machine of --fingerprint, never this computer.
                if (a.Components != null && a.Fingerprint == null) { error = "--components needs --fingerprint"; return false; }
                // The state directory is writable by whoever uses the machine: a key set there
                // may have been planted to bless a self-signed token. Pinned keys come from elsewhere.
                if (a.KeysFile != null && IsInside(a.KeysFile, a.State)) { error = "--keys must not point into the state directory"; return false; }
                int want = a.Command == "sync-get" ? 1 : a.Command == "sync-put" ? 2 : 0;
                if (a.Positional.Count != want) { error = a.Command + " takes " + want + " argument(s)"; return false; }
                return true;
            }

            private static bool IsInside(string file, string dir)
            {
                string d = Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
                StringComparison cmp = Platform.IsWindows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                return Path.GetFullPath(file).StartsWith(d, cmp);
            }
        }
    }
}
