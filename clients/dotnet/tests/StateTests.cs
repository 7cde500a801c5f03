using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using ChartGpt.Licensing.Json;
using ChartGpt.Licensing.State;

namespace ChartGpt.Licensing.Tests
{
    /// <summary>The state directory: atomic writes, permissions, and edits that must not pass.</summary>
    public class StateTests
    {
        private static string Mode(string path)
        {
            var p = Process.Start(new ProcessStartInfo("stat", "-c %a \"" + path + "\"") { RedirectStandardOutput = true, UseShellExecute = false });
            string s = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return s;
        }

        [Test]
        public void FilesAre0600InA0700Directory()
        {
            if (Platform.IsWindows) return;
            string dir = Path.Combine(Fixtures.TempDir(), "nested", "state");
            AtomicFile.WriteAllText(Path.Combine(dir, "a.json"), "{}");
            Assert.Equal("600", Mode(Path.Combine(dir, "a.json")), "file mode");
            Assert.Equal("700", Mode(dir), "directory mode");
            using (var h = new ClientHarness())
            {
                h.Activated();
                foreach (string f in Directory.GetFiles(h.Dir)) Assert.Equal("600", Mode(f), Path.GetFileName(f) + " mode");
            }
        }

        [Test]
        public void WritesReplaceWholeFilesAndLeaveNoTemporaries()
        {
            string dir = Fixtures.TempDir();
            string path = Path.Combine(dir, "x.json");
            for (int i = 0; i < 20; i++) AtomicFile.WriteAllText(path, new string('a', 1000 - i * 40) + i);
            Assert.Equal(new string('a', 1000 - 19 * 40) + 19, File.ReadAllText(path), "last write wins whole");
            Assert.Equal(1, Directory.GetFiles(dir).Length, "no temp files left");
        }

        [Test]
        public void EditedLicenseKeyIsNoState()
        {
            using (var h = new ClientHarness())
            {
                h.Activated();
                string p = h.PathOf("license.json");
                File.WriteAllText(p, File.ReadAllText(p).Replace("CGPT-TESTKEY", "CGPT-OTHERKEY"));
                LicenseResult r = h.Client().Status();
                Assert.Equal(LicenseCodes.NoState, r.Code, "edited key: " + r);
                Assert.Equal(LicenseCodes.NoState, h.Client().Validate().Code, "validate sends nothing for an edited key");
                Assert.Equal(1, h.Api.Calls.Count, "no call after the activation");
            }
        }

        [Test]
        public void EditedTokenFileIsTokenInvalid()
        {
            using (var h = new ClientHarness())
            {
                h.Activated();
                string p = h.PathOf("token.json");
                string text = File.ReadAllText(p);
                int dot = text.IndexOf('.');
                File.WriteAllText(p, text.Substring(0, dot + 5) + (text[dot + 5] == 'A' ? 'B' : 'A') + text.Substring(dot + 6));
                Assert.Equal(LicenseCodes.OfflineTokenInvalid, h.Client().Status().Code, "edited token file");
                File.WriteAllText(p, "garbage");
                Assert.Equal(LicenseCodes.OfflineTokenInvalid, h.Client().Status().Code, "garbage token file");
            }
        }

        [Test]
        public void TamperedTokenWithARecomputedMacStillFails()
        {
            // The MAC is a speed bump; the signature is the wall. Write a tampered token
            // through the store itself, so the file's MAC is right.
            using (var h = new ClientHarness())
            {
                h.Activated();
                string t = h.Tokens.ValidToken;
                string[] parts = t.Split('.');
                var payload = (JsonObject)JsonReader.Parse(System.Text.Encoding.UTF8.GetString(Crypto.Codec.Base64UrlDecode(parts[1])));
                payload["exp"] = payload.GetLong("exp").Value + 86400 * 3650;
                string forged = parts[0] + "." + Crypto.Codec.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(payload.ToString())) + "." + parts[2];
                new StateStore(h.Dir, new FilePermissionProtector()).WriteToken(forged);
                LicenseResult r = h.Client().Status();
                Assert.Equal(LicenseCodes.OfflineTokenInvalid, r.Code, "forged exp: " + r);
            }
        }

        [Test]
        public void PlantedKeySetIsIgnored()
        {
            // A customer plants their own key set and a token signed with it (MAC recomputed).
            using (var h = new ClientHarness())
            {
                h.Activated();
                foreach (string name in new[] { "jwks.json", "keys.json", "pinned.json", ".well-known-jwks.json" })
                    File.WriteAllText(h.PathOf(name), h.Tokens.AttackerJwks);
                new StateStore(h.Dir, new FilePermissionProtector()).WriteToken(h.Tokens.Token("attacker-key"));
                LicenseResult r = h.Client().Status();
                Assert.Equal(LicenseCodes.OfflineTokenInvalid, r.Code, "attacker token: " + r);
                Assert.True(r.Message.Contains("not a pinned key"), r.Message);
            }
        }

        [Test]
        public void DeletedOrForeignInstallSecretInvalidatesState()
        {
            using (var h = new ClientHarness())
            {
                h.Activated();
                File.Delete(h.PathOf("install.json"));
                Assert.Equal(LicenseCodes.NoState, h.Client().Status().Code, "no secret, no state");
            }
            using (var a = new ClientHarness())
            using (var b = new ClientHarness())
            {
                a.Activated();
                b.Activated();
                File.Copy(a.PathOf("token.json"), b.PathOf("token.json"), true);
                Assert.Equal(LicenseCodes.OfflineTokenInvalid, b.Client().Status().Code, "a token file copied from another install");
            }
        }

        [Test]
        public void SwappedFilesDoNotPass()
        {
            using (var h = new ClientHarness())
            {
                h.Activated();
                File.Copy(h.PathOf("license.json"), h.PathOf("token.json"), true);
                Assert.Equal(LicenseCodes.OfflineTokenInvalid, h.Client().Status().Code, "license file posing as token file");
            }
        }

        [Test]
        public void DpapiProtectorRoundTripsWhereAvailable()
        {
            // Mono emulates DPAPI with a per-user key store; on Windows this is the real thing.
            var p = new DpapiStateProtector();
            string stored;
            try { stored = p.Protect("CGPT-SECRET"); }
            catch (Exception e) when (!(e is AssertionException))
            {
                Console.WriteLine("     DPAPI not available here: " + e.GetType().Name);
                return;
            }
            Assert.False(stored.Contains("CGPT-SECRET"), "protected value hides the key");
            Assert.Equal("CGPT-SECRET", p.Unprotect(stored), "round trip");
            Assert.Null(p.Unprotect(stored.Substring(0, stored.Length - 4) + "AAAA"), "edited blob");
            Assert.Null(p.Unprotect("CGPT-SECRET"), "plain value");
        }
    }
}
