using System;
using System.Text;
using ChartGpt.Licensing.Crypto;
using ChartGpt.Licensing.Json;
using ChartGpt.Licensing.Tokens;

namespace ChartGpt.Licensing.Tests
{
    /// <summary>JWS parsing and claim checks on tokens signed by jose and by the engine's own code.</summary>
    public class TokenTests
    {
        [Test]
        public void EveryFixtureCaseAsExpected()
        {
            TokenFixtures f = TokenFixtures.Load();
            int n = 0;
            foreach (JsonObject c in f.Cases)
            {
                n++;
                string reason;
                var expect = new TokenExpectations { Issuer = c.GetString("issuer") ?? f.Issuer, Fingerprint = c.GetString("fingerprint") ?? f.Fingerprint };
                LicenseClaims claims = LicenseToken.Verify(c.GetString("token"), f.Pinned, expect, out reason);
                string want = c.GetString("expect");
                string name = c.GetString("name") + " (" + c.GetString("why") + ")";
                if (want == "invalid") { Assert.Null(claims, name + " must be rejected"); continue; }
                Assert.NotNull(claims, name + " must verify, but: " + reason);
                bool expired = f.Now >= claims.ExpiresAt;
                Assert.Equal(want == "expired", expired, name + " expired");
            }
            Console.WriteLine("     token fixtures: " + n + " cases");
            Assert.True(n >= 15, "the fixture set is complete");
        }

        [Test]
        public void EngineSignedTokenHasTheContractClaims()
        {
            TokenFixtures f = TokenFixtures.Load();
            JsonObject engine = f.Manifest.GetObject("engine");
            string reason;
            LicenseClaims c = LicenseToken.Verify(engine.GetString("token"), f.Pinned,
                new TokenExpectations { Issuer = engine.GetString("issuer"), Fingerprint = engine.GetString("fingerprint") }, out reason);
            Assert.NotNull(c, "engine token verifies: " + reason);
            Assert.Equal(engine.GetString("license_id"), c.LicenseId, "sub");
            Assert.Equal(engine.GetString("activation_id"), c.ActivationId, "act");
            Assert.Equal(Codec.Sha256Hex(engine.GetString("fingerprint")), c.FingerprintHash, "fp");
            Assert.Equal(2, c.Seats, "seats");
            Assert.Equal("chartgpt", c.Entitlements[0], "ent");
            Assert.Equal(TimeSpan.FromDays(14), c.ExpiresAt - c.IssuedAt, "default lifetime");
        }

        [Test]
        public void AnyEditOfTheTokenIsCaught()
        {
            TokenFixtures f = TokenFixtures.Load();
            string t = f.ValidToken;
            var expect = new TokenExpectations { Issuer = f.Issuer, Fingerprint = f.Fingerprint };
            string reason;
            Assert.NotNull(LicenseToken.Verify(t, f.Pinned, expect, out reason), "the untouched token verifies: " + reason);
            // Re-encode the payload with more seats and a later exp: a customer's edit.
            string[] parts = t.Split('.');
            var payload = (JsonObject)JsonReader.Parse(Encoding.UTF8.GetString(Codec.Base64UrlDecode(parts[1])));
            payload["seats"] = 50;
            payload["exp"] = payload.GetLong("exp").Value + 86400 * 365;
            string edited = parts[0] + "." + Codec.Base64UrlEncode(Encoding.UTF8.GetBytes(payload.ToString())) + "." + parts[2];
            Assert.Null(LicenseToken.Verify(edited, f.Pinned, expect, out reason), "edited payload");
            Assert.True(reason.Contains("signature"), "reason names the signature: " + reason);
            // Every single character changed, anywhere.
            for (int i = 0; i < t.Length; i += 7)
            {
                if (t[i] == '.') continue;
                char c = t[i] == 'A' ? 'B' : 'A';
                string bad = t.Substring(0, i) + c + t.Substring(i + 1);
                Assert.Null(LicenseToken.Verify(bad, f.Pinned, expect, out reason), "char " + i + " changed");
            }
            Assert.Null(LicenseToken.Verify(t + ".x", f.Pinned, expect, out reason), "four parts");
            Assert.Null(LicenseToken.Verify(parts[0] + "." + parts[1] + ".", f.Pinned, expect, out reason), "no signature");
            Assert.Null(LicenseToken.Verify("", f.Pinned, expect, out reason), "empty");
            Assert.Null(LicenseToken.Verify(t, new PinnedKeySet(), expect, out reason), "no pinned keys");
        }

        [Test]
        public void PinnedSetTakesOnlyEd25519KeysWithKid()
        {
            PinnedKeySet s = PinnedKeySet.FromJwks("{\"keys\":[{\"kty\":\"RSA\",\"n\":\"x\",\"e\":\"AQAB\",\"kid\":\"r\"}," +
                "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\",\"kid\":\"k1\",\"use\":\"sig\"}," +
                "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}," +
                "{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\",\"kid\":\"x\"}]}");
            Assert.Equal(1, s.Count, "one usable key");
            Assert.Throws<FormatException>(() => PinnedKeySet.FromJwks("{\"keys\":[]}"), "empty set");
            Assert.Throws<FormatException>(() => PinnedKeySet.FromJwks("[]"), "not a JWKS");
            Assert.Throws<ArgumentException>(() => new PinnedKeySet().AddJwk("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\",\"kid\":\"k\"}"), "short x");
        }

        [Test]
        public void OriginsCompareByScheme_Host_Port()
        {
            Assert.True(LicenseToken.SameOrigin("http://127.0.0.1:8787", "http://127.0.0.1:8787/"), "trailing slash");
            Assert.True(LicenseToken.SameOrigin("HTTPS://API.example", "https://api.example:443"), "case and default port");
            Assert.False(LicenseToken.SameOrigin("http://127.0.0.1:8787", "http://127.0.0.1:9"), "port");
            Assert.False(LicenseToken.SameOrigin("https://api.example", "http://api.example"), "scheme");
            Assert.False(LicenseToken.SameOrigin("https://api.example.evil", "https://api.example"), "host");
            Assert.False(LicenseToken.SameOrigin(null, "https://api.example"), "missing");
        }
    }
}
