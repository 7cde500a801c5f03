using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using ChartGpt.Licensing.Identity;

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
