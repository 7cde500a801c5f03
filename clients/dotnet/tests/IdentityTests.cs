using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ChartGpt.Licensing.Identity;
using ChartGpt.Licensing.Json;

namespace ChartGpt.Licensing.Tests
{
    public class IdentityTests
    {
        [Test]
        public void ComponentsAreSaltedHashesWithinTheApiLimits()
        {
            var raw = new Dictionary<string, string>
            {
                { "machine_guid", "4c4c4544-0042-3510-8052-b4c04f4a4e32" },
                { "bios_serial", "5CG1234XYZ" },
                { "board_serial", "To be filled by O.E.M." },
                { "cpu_id", "BFEBFBFF000906EA" },
                { "disk_serial", "0000_0000_0000_0000" },
                { "Bad Name", "whatever-value" },
            };
            IMachineIdentity id = MachineIdentity.FromRaw(raw);
            Assert.NotNull(id.Components, "components");
            Assert.True(id.Components.ContainsKey("bios_serial") && id.Components.ContainsKey("cpu_id") && id.Components.ContainsKey("machine_guid"), "usable ones kept");
            Assert.False(id.Components.ContainsKey("board_serial"), "placeholder serial dropped");
            Assert.False(id.Components.ContainsKey("disk_serial"), "all-zero serial dropped");
            Assert.False(id.Components.ContainsKey("Bad Name"), "invalid name dropped");
            Assert.True(id.Components.Count >= 1 && id.Components.Count <= 8, "1–8 entries");
            foreach (KeyValuePair<string, string> kv in id.Components)
            {
                Assert.True(Regex.IsMatch(kv.Key, "^[a-z0-9_]{1,32}$"), "name " + kv.Key);
                Assert.True(Regex.IsMatch(kv.Value, "^[0-9a-f]{64}$"), "value is SHA-256 hex");
                Assert.False(raw.Values.Any(v => kv.Value.Contains(v)), "no raw value leaks");
            }
            Assert.True(Regex.IsMatch(id.Fingerprint, "^[0-9a-f]{64}$"), "fingerprint is hex");
        }

        [Test]
        public void FingerprintFollowsThePrimaryIdOnly()
        {
            var a = new Dictionary<string, string> { { "machine_guid", "4c4c4544-0042-3510-8052-b4c04f4a4e32" }, { "cpu_id", "BFEBFBFF000906EA" } };
            var b = new Dictionary<string, string> { { "machine_guid", "4c4c4544-0042-3510-8052-b4c04f4a4e32" }, { "cpu_id", "BFEBFBFF000A0653" } };
            Assert.Equal(MachineIdentity.FromRaw(a).Fingerprint, MachineIdentity.FromRaw(b).Fingerprint, "a new CPU keeps the fingerprint");
            Assert.True(MachineIdentity.FromRaw(a).Fingerprint != MachineIdentity.FromRaw(a, "other-product").Fingerprint, "salt per product");
            Assert.True(MachineIdentity.FromRaw(a).Components["cpu_id"] != MachineIdentity.FromRaw(b).Components["cpu_id"], "component differs");
        }

        /// <summary>
        /// clients/vectors/machine-identity.json, read by the TypeScript tests too: the same raw
        /// identifiers give both libraries the same fingerprint and components (expected values
        /// computed outside either library).
        /// </summary>
        [Test]
        public void SharedVectors()
        {
            var root = (JsonObject)JsonReader.Parse(File.ReadAllText(Fixtures.MachineVectors, Encoding.UTF8));
            Assert.Equal(MachineIdentity.DefaultSalt, root.GetString("default_salt"), "default salt");
            int n = 0;
            foreach (JsonObject c in root.GetArray("cases"))
            {
                string name = c.GetString("name");
                string salt = c.GetString("salt") ?? root.GetString("default_salt");
                var raw = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (KeyValuePair<string, object> kv in c.GetObject("raw")) raw[kv.Key] = (string)kv.Value;
                IMachineIdentity id = MachineIdentity.FromRaw(raw, salt);

                JsonObject expected = c.GetObject("components");
                if (expected == null) Assert.Null(id.Components, name + ": components");
                else
                {
                    Assert.NotNull(id.Components, name + ": components");
                    Assert.Equal(string.Join(",", expected.Keys), string.Join(",", id.Components.Keys), name + ": component names, in order");
                    foreach (string key in expected.Keys) Assert.Equal(expected.GetString(key), id.Components[key], name + ": " + key);
                }
                string fingerprint = c.GetBool("last_resort") == true
                    ? Sha256Hex(salt + "|fingerprint|" + Environment.MachineName + "|" + Environment.UserName)
                    : c.GetString("fingerprint");
                Assert.Equal(fingerprint, id.Fingerprint, name + ": fingerprint");

                // The caller's order does not matter.
                var reversed = raw.Reverse().ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
                Assert.Equal(id.Fingerprint, MachineIdentity.FromRaw(reversed, salt).Fingerprint, name + ": reversed order");
                n++;
            }
            Assert.True(n >= 10, "cases read: " + n);
            System.Console.WriteLine("     machine identity: " + n + " shared cases");
        }

        private static string Sha256Hex(string text)
        {
            using (SHA256 sha = SHA256.Create())
                return string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(text)).Select(b => b.ToString("x2")));
        }

        [Test]
        public void ThisMachineHasAStableIdentity()
        {
            IMachineIdentity one = MachineIdentity.ForThisMachine(), two = MachineIdentity.ForThisMachine();
            Assert.Equal(one.Fingerprint, two.Fingerprint, "stable");
            Assert.True(one.Fingerprint.Length >= 8 && one.Fingerprint.Length <= 256, "fingerprint length");
            System.Console.WriteLine("     this machine: " + (one.Components == null ? 0 : one.Components.Count) + " component(s): " +
                (one.Components == null ? "" : string.Join(", ", one.Components.Keys)));
        }
    }
}
