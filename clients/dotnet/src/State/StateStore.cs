using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using ChartGpt.Licensing.Crypto;
using ChartGpt.Licensing.Json;

namespace ChartGpt.Licensing.State
{
    /// <summary>How reading one state file went.</summary>
    public enum StateRead { Missing, Valid, Invalid }

    /// <summary>The license part of the state.</summary>
    internal sealed class StoredLicense
    {
        public string Key;
        /// <summary>Origin of the API the key was activated against (the expected token issuer).</summary>
        public string Api;
        /// <summary>A final "no" (REVOKED, NOT_ACTIVATED…) that ended offline grace, or null.</summary>
        public string FinalCode;
    }

    /// <summary>
    /// The state directory: one small JSON file per concern, each written atomically.
    /// <list type="bullet">
    /// <item><c>install.json</c>: a random per-install secret (protected).</item>
    /// <item><c>license.json</c>: license key (protected), API origin, final outcome.</item>
    /// <item><c>token.json</c>: the last license token (protected).</item>
    /// <item><c>clock.json</c>: the clock high-water mark.</item>
    /// <item><c>sync.json</c>: the last revision seen of each synced document.</item>
    /// </list>
    /// Every file carries an HMAC-SHA256 over its kind and content, keyed by the install
    /// secret, so an edited, swapped or truncated file reads as Invalid ("no state"),
    /// never as valid. This stops casual editing and corruption, not a determined
    /// reverse engineer (the secret is on the same disk): what cannot be forged is the
    /// token's Ed25519 signature, and the key is checked online. Any other file in the
    /// directory (a planted jwks.json, say) is never read.
    /// </summary>
    internal sealed class StateStore
    {
        private const string MacLabel = "ChartGpt.Licensing state v1";
        private readonly string _dir;
        private readonly IStateProtector _protector;
        private byte[] _macKey;

        internal StateStore(string dir, IStateProtector protector)
        {
            if (string.IsNullOrEmpty(dir)) throw new ArgumentException("a state directory is required");
            _dir = Path.GetFullPath(dir);
            _protector = protector;
        }

        internal string Directory { get { return _dir; } }

        // ---- license ----

        internal StoredLicense ReadLicense(out StateRead status)
        {
            JsonObject o = ReadFile("license", out status);
            if (o == null) return null;
            string key = _protector.Unprotect(o.GetString("license_key"));
            if (string.IsNullOrEmpty(key)) { status = StateRead.Invalid; return null; }
            return new StoredLicense { Key = key, Api = o.GetString("api"), FinalCode = o.GetString("final_code") };
        }

        internal void WriteLicense(StoredLicense l)
        {
            WriteFile("license", new JsonObject()
                .With("license_key", _protector.Protect(l.Key))
                .With("api", l.Api)
                .With("final_code", l.FinalCode));
        }

        // ---- token ----

        internal string ReadToken(out StateRead status)
        {
            JsonObject o = ReadFile("token", out status);
            if (o == null) return null;
            string token = _protector.Unprotect(o.GetString("token"));
            if (string.IsNullOrEmpty(token)) { status = StateRead.Invalid; return null; }
            return token;
        }

        internal void WriteToken(string token) { WriteFile("token", new JsonObject().With("token", _protector.Protect(token))); }

        internal void DeleteToken() { Delete("token"); }

        // ---- clock high-water mark ----

        internal DateTime? ReadHighWater(out StateRead status)
        {
            JsonObject o = ReadFile("clock", out status);
            long? seconds = o == null ? null : o.GetLong("high_water");
            if (o != null && seconds == null) status = StateRead.Invalid;
            return seconds == null ? (DateTime?)null : Tokens.LicenseToken.FromUnix(seconds.Value);
        }

        internal void WriteHighWater(DateTime t)
        {
            long seconds = (long)Math.Floor((t.ToUniversalTime() - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds);
            WriteFile("clock", new JsonObject().With("high_water", seconds).With("at", t.ToUniversalTime()));
        }

        // ---- sync revisions ----

        internal Dictionary<string, long> ReadSyncRevisions()
        {
            StateRead status;
            var outp = new Dictionary<string, long>(StringComparer.Ordinal);
            JsonObject o = ReadFile("sync", out status);
            JsonObject revs = o == null ? null : o.GetObject("revs");
            if (revs == null) return outp;
            foreach (string name in revs.Keys)
            {
                long? rev = revs.GetLong(name);
                if (rev != null) outp[name] = rev.Value;
            }
            return outp;
        }

        internal void WriteSyncRevisions(Dictionary<string, long> revs)
        {
            var o = new JsonObject();
            foreach (KeyValuePair<string, long> kv in revs) o[kv.Key] = kv.Value;
            WriteFile("sync", new JsonObject().With("revs", o));
        }

        /// <summary>Forgets everything (the install secret included).</summary>
        internal void Clear()
        {
            foreach (string kind in new[] { "license", "token", "clock", "sync", "install" }) Delete(kind);
            _macKey = null;
        }

        // ---- files with a MAC ----

        private string PathOf(string kind) { return Path.Combine(_dir, kind + ".json"); }

        private void Delete(string kind)
        {
            string p = PathOf(kind);
            if (File.Exists(p)) File.Delete(p);
        }

        private JsonObject ReadFile(string kind, out StateRead status)
        {
            string text = AtomicFile.ReadAllText(PathOf(kind));
            if (text == null) { status = StateRead.Missing; return null; }
            JsonObject o = JsonReader.TryParseObject(text);
            byte[] key = MacKey(false);
            byte[] mac = o == null ? null : Codec.FromHex(o.GetString("mac"));
            if (o == null || key == null || mac == null || o.GetLong("v") != 1) { status = StateRead.Invalid; return null; }
            o.Remove("mac");
            if (!Codec.FixedTimeEquals(mac, Mac(key, kind, o))) { status = StateRead.Invalid; return null; }
            status = StateRead.Valid;
            return o;
        }

        private void WriteFile(string kind, JsonObject content)
        {
            var o = new JsonObject().With("v", 1);
            foreach (KeyValuePair<string, object> kv in content) o[kv.Key] = kv.Value;
            byte[] mac = Mac(MacKey(true), kind, o);
            o["mac"] = Codec.Hex(mac);
            AtomicFile.WriteAllText(PathOf(kind), o.ToString() + "\n");
        }

        private static byte[] Mac(byte[] key, string kind, JsonObject o)
        {
            return Codec.HmacSha256(key, Encoding.UTF8.GetBytes(kind + "\n" + o.ToString()));
        }

        /// <summary>The MAC key from the install secret; with <paramref name="create"/>, makes the secret when there is none.</summary>
        private byte[] MacKey(bool create)
        {
            if (_macKey != null) return _macKey;
            string path = PathOf("install");
            JsonObject o = JsonReader.TryParseObject(AtomicFile.ReadAllText(path));
            string secret = o == null ? null : _protector.Unprotect(o.GetString("secret"));
            byte[] raw = secret == null ? null : Codec.FromHex(secret);
            if (raw == null || raw.Length != 32)
            {
                // A damaged secret invalidates every file written with it: start over.
                if (!create) return null;
                raw = new byte[32];
                using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(raw);
                AtomicFile.WriteAllText(path, new JsonObject().With("v", 1).With("secret", _protector.Protect(Codec.Hex(raw))).ToString() + "\n");
            }
            _macKey = Codec.Sha256(Encoding.UTF8.GetBytes(MacLabel + "\n" + Codec.Hex(raw)));
            return _macKey;
        }
    }
}
