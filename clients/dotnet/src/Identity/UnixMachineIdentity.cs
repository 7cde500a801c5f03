using System;
using System.Collections.Generic;
using System.IO;

namespace ChartGpt.Licensing.Identity
{
    /// <summary>
    /// Raw identifiers on Linux (and Mono generally): systemd's machine-id and the DMI
    /// ids the kernel exposes. product_uuid and the serials are usually readable by root
    /// only; whatever cannot be read is simply left out.
    /// </summary>
    internal static class UnixMachineIdentity
    {
        internal static IDictionary<string, string> ReadRaw()
        {
            var raw = new Dictionary<string, string>(StringComparer.Ordinal);
            Add(raw, "machine_id", "/etc/machine-id", "/var/lib/dbus/machine-id");
            Add(raw, "product_uuid", "/sys/class/dmi/id/product_uuid");
            Add(raw, "board_serial", "/sys/class/dmi/id/board_serial");
            Add(raw, "product_serial", "/sys/class/dmi/id/product_serial");
            Add(raw, "chassis_serial", "/sys/class/dmi/id/chassis_serial");
            return raw;
        }

        private static void Add(IDictionary<string, string> raw, string name, params string[] paths)
        {
            foreach (string p in paths)
            {
                try
                {
                    if (!File.Exists(p)) continue;
                    string v = File.ReadAllText(p).Trim();
                    if (v.Length > 0) { raw[name] = v; return; }
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
    }
}
