using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using ChartGpt.Licensing.Crypto;

namespace ChartGpt.Licensing.Identity
{
    /// <summary>What identifies this machine to the API.</summary>
    public interface IMachineIdentity
    {
        /// <summary>The fingerprint sent as <c>fingerprint</c> (8–256 printable ASCII).</summary>
        string Fingerprint { get; }

        /// <summary>
        /// Machine components (API.md "Seat policies"): 1–8 names [a-z0-9_]{1,32} to salted
        /// hashes; null or empty when nothing could be read.
        /// </summary>
        IDictionary<string, string> Components { get; }
    }

    /// <summary>A given fingerprint and optional components (tests, or an app with its own scheme).</summary>
    public sealed class FixedMachineIdentity : IMachineIdentity
    {
        public FixedMachineIdentity(string fingerprint, IDictionary<string, string> components = null)
        {
            Fingerprint = fingerprint;
            Components = components;
        }

        public string Fingerprint { get; private set; }
        public IDictionary<string, string> Components { get; private set; }
    }

    /// <summary>
    /// Turns raw hardware identifiers into what may leave the machine: every value is
    /// SHA-256(product salt | component name | raw value) in hex, so the API (and anyone
    /// reading its database) never sees a serial number, and two products by the same
    /// vendor cannot correlate machines. Placeholder serials that many boards ship with
    /// ("To be filled by O.E.M.", "0", all the same digit) are dropped: they would make
    /// unrelated machines look alike.
    /// </summary>
    public static class MachineIdentity
    {
        /// <summary>The salt of this product; change it per product, never per release.</summary>
        public const string DefaultSalt = "chartgpt/machine/v1";

        private static readonly Regex NamePattern = new Regex("^[a-z0-9_]{1,32}$");
        private static readonly string[] Placeholders =
        {
            "to be filled by o.e.m.", "default string", "none", "not applicable", "not specified", "system serial number",
            "base board serial number", "chassis serial number", "system product name", "invalid", "unknown", "n/a", "o.e.m.",
        };

        /// <summary>The identity of this computer: Windows (registry + WMI) or Linux/macOS (files).</summary>
        public static IMachineIdentity ForThisMachine(string salt = DefaultSalt)
        {
            IDictionary<string, string> raw = Platform.IsWindows ? WindowsMachineIdentity.ReadRaw() : UnixMachineIdentity.ReadRaw();
            return FromRaw(raw, salt);
        }

        /// <summary>
        /// Builds the identity from raw identifiers. The fingerprint is the salted hash of
        /// the primary id (MachineGuid on Windows, machine-id on Linux): stable across
        /// hardware changes; a reinstall changes it, and then the components let the API
        /// recognise the same machine. Without a primary id, the sorted components stand in.
        /// Components are the usable entries with valid names, at most 8: the first by name.
        /// </summary>
        public static IMachineIdentity FromRaw(IDictionary<string, string> raw, string salt = DefaultSalt)
        {
            var components = new SortedDictionary<string, string>(StringComparer.Ordinal);
            // By name, so which 8 are kept does not depend on the order of the caller's dictionary.
            foreach (KeyValuePair<string, string> kv in raw.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (components.Count == 8) break;
                if (!NamePattern.IsMatch(kv.Key) || !Usable(kv.Value)) continue;
                components[kv.Key] = Salted(salt, kv.Key, kv.Value.Trim());
            }
            string primary;
            string fingerprint;
            if (raw.TryGetValue("machine_guid", out primary) && Usable(primary)) fingerprint = Salted(salt, "fingerprint", primary.Trim());
            else if (raw.TryGetValue("machine_id", out primary) && Usable(primary)) fingerprint = Salted(salt, "fingerprint", primary.Trim());
            else if (components.Count > 0) fingerprint = Salted(salt, "fingerprint", string.Join("|", components.Select(c => c.Key + "=" + c.Value)));
            else fingerprint = Salted(salt, "fingerprint", Environment.MachineName + "|" + Environment.UserName);
            return new FixedMachineIdentity(fingerprint, components.Count > 0 ? new Dictionary<string, string>(components) : null);
        }

        internal static string Salted(string salt, string name, string value)
        {
            return Codec.Hex(Codec.Sha256(Encoding.UTF8.GetBytes(salt + "|" + name + "|" + value)));
        }

        internal static bool Usable(string value)
        {
            if (value == null) return false;
            string v = value.Trim();
            if (v.Length < 4) return false;
            if (Placeholders.Contains(v.ToLowerInvariant())) return false;
            // "0000_0000_0000_0000.", "FFFFFFFF-FFFF…": one symbol repeated is no identifier.
            var compact = v.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToList();
            return compact.Count > 0 && compact.Distinct().Count() > 1;
        }
    }
}
