using System;
using System.Security.Cryptography;
using System.Text;

namespace ChartGpt.Licensing.State
{
    /// <summary>
    /// Protects secret state values (license key, token, state MAC secret) at rest.
    /// <see cref="Unprotect"/> returns null for anything it cannot open: an edited or
    /// foreign value is "no state", never an error that stops the app.
    /// </summary>
    public interface IStateProtector
    {
        string Protect(string plain);
        string Unprotect(string stored);
    }

    /// <summary>
    /// Windows DPAPI, CurrentUser scope: only this Windows user on this machine can
    /// decrypt, so a copied state directory is useless elsewhere.
    /// </summary>
    public sealed class DpapiStateProtector : IStateProtector
    {
        private const string Prefix = "dpapi1:";
        // Not a secret: it only keeps other DPAPI users of this account from opening our blobs by accident.
        private static readonly byte[] Entropy = Encoding.UTF8.GetBytes("ChartGpt.Licensing/state/v1");

        public string Protect(string plain)
        {
            byte[] blob = ProtectedData.Protect(Encoding.UTF8.GetBytes(plain), Entropy, DataProtectionScope.CurrentUser);
            return Prefix + Convert.ToBase64String(blob);
        }

        public string Unprotect(string stored)
        {
            if (stored == null || !stored.StartsWith(Prefix, StringComparison.Ordinal)) return null;
            try
            {
                byte[] blob = Convert.FromBase64String(stored.Substring(Prefix.Length));
                return Encoding.UTF8.GetString(ProtectedData.Unprotect(blob, Entropy, DataProtectionScope.CurrentUser));
            }
            catch (FormatException) { return null; }
            catch (CryptographicException) { return null; }
        }
    }

    /// <summary>
    /// Outside Windows: values stay as they are; the files holding them are created
    /// 0600 in a 0700 directory (see <see cref="AtomicFile"/>).
    /// </summary>
    public sealed class FilePermissionProtector : IStateProtector
    {
        public string Protect(string plain) { return plain; }
        public string Unprotect(string stored) { return stored; }
    }

    public static class StateProtectors
    {
        /// <summary>DPAPI on Windows, file permissions elsewhere.</summary>
        public static IStateProtector ForThisPlatform()
        {
            return Platform.IsWindows ? (IStateProtector)new DpapiStateProtector() : new FilePermissionProtector();
        }
    }
}
