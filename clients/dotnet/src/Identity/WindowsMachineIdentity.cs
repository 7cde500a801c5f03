using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using Microsoft.Win32;

namespace ChartGpt.Licensing.Identity
{
    /// <summary>
    /// Raw identifiers on Windows: the MachineGuid from the registry, and through WMI the
    /// BIOS serial, the baseboard serial, the CPU's ProcessorId and the serial of the disk
    /// that holds the system drive. WMI (System.Management) is reached by reflection so
    /// the library compiles and loads without that reference (Mono, NinjaTrader's default
    /// references); any query that fails is left out.
    /// </summary>
    internal static class WindowsMachineIdentity
    {
        private const string ManagementAssembly = "System.Management, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a";

        internal static IDictionary<string, string> ReadRaw()
        {
            var raw = new Dictionary<string, string>(StringComparer.Ordinal);
            string guid = MachineGuid();
            if (guid != null) raw["machine_guid"] = guid;
            Add(raw, "bios_serial", First("SELECT SerialNumber FROM Win32_BIOS", "SerialNumber"));
            Add(raw, "board_serial", First("SELECT SerialNumber FROM Win32_BaseBoard", "SerialNumber"));
            Add(raw, "cpu_id", First("SELECT ProcessorId FROM Win32_Processor", "ProcessorId"));
            Add(raw, "disk_serial", SystemDiskSerial());
            return raw;
        }

        private static void Add(IDictionary<string, string> raw, string name, string value)
        {
            if (!string.IsNullOrWhiteSpace(value)) raw[name] = value.Trim();
        }

        private static string MachineGuid()
        {
            try
            {
                // The 64-bit view: a 32-bit process would otherwise read WOW6432Node.
                using (RegistryKey hklm = RegistryKey.OpenBaseKey(RegistryHive.LocalMachine, RegistryView.Registry64))
                using (RegistryKey k = hklm.OpenSubKey(@"SOFTWARE\Microsoft\Cryptography"))
                    return k == null ? null : k.GetValue("MachineGuid") as string;
            }
            catch (Exception) { return null; }
        }

        /// <summary>Serial of the physical disk holding the Windows drive: logical disk → partition → drive.</summary>
        private static string SystemDiskSerial()
        {
            string drive = (Environment.GetEnvironmentVariable("SystemDrive") ?? "C:").TrimEnd('\\');
            foreach (object partition in Query("ASSOCIATORS OF {Win32_LogicalDisk.DeviceID='" + drive + "'} WHERE AssocClass=Win32_LogicalDiskToPartition"))
            {
                string pid = Property(partition, "DeviceID");
                if (pid == null) continue;
                foreach (object disk in Query("ASSOCIATORS OF {Win32_DiskPartition.DeviceID='" + pid.Replace("\\", "\\\\") + "'} WHERE AssocClass=Win32_DiskDriveToDiskPartition"))
                {
                    string serial = Property(disk, "SerialNumber");
                    if (!string.IsNullOrWhiteSpace(serial)) return serial;
                }
            }
            return null;
        }

        private static string First(string wql, string property)
        {
            foreach (object o in Query(wql))
            {
                string v = Property(o, property);
                if (!string.IsNullOrWhiteSpace(v)) return v;
            }
            return null;
        }

        /// <summary>Runs a WMI query through ManagementObjectSearcher by reflection; empty on any failure.</summary>
        private static IEnumerable<object> Query(string wql)
        {
            var results = new List<object>();
            try
            {
                Type searcherType = Type.GetType("System.Management.ManagementObjectSearcher, " + ManagementAssembly, false);
                if (searcherType == null) return results;
                using (var searcher = (IDisposable)Activator.CreateInstance(searcherType, wql))
                {
                    var collection = searcherType.GetMethod("Get", Type.EmptyTypes).Invoke(searcher, null) as IEnumerable;
                    if (collection == null) return results;
                    foreach (object o in collection) results.Add(o);
                }
            }
            catch (Exception) { }
            return results;
        }

        private static string Property(object managementObject, string name)
        {
            try
            {
                MethodInfo m = managementObject.GetType().GetMethod("GetPropertyValue", new[] { typeof(string) });
                object v = m == null ? null : m.Invoke(managementObject, new object[] { name });
                return v == null ? null : Convert.ToString(v).Trim();
            }
            catch (Exception) { return null; }
        }
    }
}
