using System;
using System.Collections.Generic;
using System.IO;
using ChartGpt.Licensing.Json;
using ChartGpt.Licensing.Tokens;

namespace ChartGpt.Licensing.Tests
{
    /// <summary>
    /// Tokens made outside C# by scripts/test-dotnet.mjs: with jose (as the engine signs),
    /// through the engine's own src/tokens/license-token.ts, and hand-made odd ones
    /// (wrong alg, typ, aud…) signed with node's crypto. manifest.json lists them.
    /// </summary>
    public sealed class TokenFixtures
    {
        public JsonObject Manifest;
        public PinnedKeySet Pinned;
        public string Issuer;
        public string Fingerprint;
        public DateTime Now;
        public string ValidToken;
        public string AttackerJwks;

        private static TokenFixtures _loaded;

        public static TokenFixtures Load()
        {
            if (_loaded != null) return _loaded;
            string dir = Fixtures.TokenDir;
            if (string.IsNullOrEmpty(dir) || !File.Exists(Path.Combine(dir, "manifest.json")))
                throw new AssertionException("CGPT_TOKEN_FIXTURES is not set to the directory scripts/test-dotnet.mjs writes");
            var m = (JsonObject)JsonReader.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
            _loaded = new TokenFixtures
            {
                Manifest = m,
                Pinned = PinnedKeySet.FromJwks(File.ReadAllText(m.GetString("jwks"))),
                Issuer = m.GetString("issuer"),
                Fingerprint = m.GetString("fingerprint"),
                Now = LicenseToken.FromUnix(m.GetLong("now").Value),
                ValidToken = m.GetString("valid_token"),
                AttackerJwks = File.ReadAllText(m.GetString("attacker_jwks")),
            };
            return _loaded;
        }

        public IEnumerable<JsonObject> Cases
        {
            get { foreach (object o in Manifest.GetArray("cases")) yield return (JsonObject)o; }
        }

        public string Token(string name)
        {
            foreach (JsonObject c in Cases) if (c.GetString("name") == name) return c.GetString("token");
            throw new AssertionException("no fixture token " + name);
        }
    }
}
