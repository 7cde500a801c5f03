using System;
using System.IO;
using System.Threading.Tasks;
using ChartGpt.Licensing;
using ChartGpt.Licensing.Tokens;

namespace ChartGpt.Licensing.Samples
{
    /// <summary>
    /// The glue a NinjaTrader add-on keeps once (README "Where the add-on calls it"): one
    /// client per process, one background check per session, a cheap IsLicensed for the
    /// hot paths. Compiled with the tests so the README's code cannot rot.
    /// </summary>
    public static class ChartGptLicense
    {
        private static readonly object Gate = new object();
        private static LicenseClient _client;
        private static Task<LicenseResult> _check;

        /// <summary>%LOCALAPPDATA%\ChartGPT\license: per Windows user, outside NinjaTrader's folders.</summary>
        public static string StateDirectory
        {
            get { return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "ChartGPT", "license"); }
        }

        public static LicenseClient Client
        {
            get
            {
                lock (Gate)
                {
                    if (_client == null)
                    {
                        _client = new LicenseClient(new LicenseClientOptions
                        {
                            ApiBase = new Uri(ProductKeys.Issuer),
                            ExpectedIssuer = ProductKeys.Issuer,
                            StateDirectory = StateDirectory,
                            PinnedKeys = ProductKeys.Pinned(),
                            AppVersion = "1.0.0",
                        });
                    }
                    return _client;
                }
            }
        }

        /// <summary>Starts the session's license check on a worker thread (once); never blocks the caller.</summary>
        public static Task<LicenseResult> CheckOnce()
        {
            lock (Gate)
            {
                if (_check == null) _check = Task.Run(() => Client.Validate());
                return _check;
            }
        }

        /// <summary>True once the check has finished with a valid license (online or offline).</summary>
        public static bool IsLicensed
        {
            get
            {
                Task<LicenseResult> t = CheckOnce();
                return t.Status == TaskStatus.RanToCompletion && t.Result.Valid == true;
            }
        }

        /// <summary>After Activate/SignIn/Deactivate: the next CheckOnce() checks again.</summary>
        public static void Recheck()
        {
            lock (Gate) _check = null;
        }
    }
}
