// The glue a NinjaTrader 8 add-on keeps: one license client per process, one check per
// session, a cheap IsLicensed for the hot paths. Calls block on the network: never on
// the UI thread, never per bar.
using System;
using System.IO;
using System.Threading.Tasks;
using ChartGpt.Licensing;
using ChartGpt.Licensing.Tokens;

namespace NinjaTrader.NinjaScript.AddOns.ChartGpt
{
    public static class ChartGptLicense
    {
        private static readonly object Gate = new object();
        private static LicenseClient _client;
        private static Task<LicenseResult> _check;

        /// <summary>%LOCALAPPDATA%\ChartGPT\license: per Windows user, outside NinjaTrader's folders.</summary>
        public static string StateDirectory
        {
            get
            {
                string local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
                return Path.Combine(local, "ChartGPT", "license");
            }
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
                            ApiBase = new Uri(ProductKeys.Issuer),  // the production API
                            ExpectedIssuer = ProductKeys.Issuer,    // tokens must name it
                            PinnedKeys = ProductKeys.Pinned(),      // compiled in: current + next key
                            StateDirectory = StateDirectory,
                            AppVersion = "1.2.0",
                        });
                    }
                    return _client;
                }
            }
        }

        /// <summary>Starts this session's check on a worker thread (once); never blocks.</summary>
        public static Task<LicenseResult> CheckOnce()
        {
            lock (Gate)
            {
                if (_check == null) _check = Task.Run(() => Client.Validate());
                return _check;
            }
        }

        /// <summary>True once the check has ended with a valid license (online or offline).</summary>
        public static bool IsLicensed
        {
            get
            {
                Task<LicenseResult> check = CheckOnce();
                return check.Status == TaskStatus.RanToCompletion && check.Result.Valid == true;
            }
        }

        /// <summary>After Activate, SignIn or Deactivate: the next CheckOnce() checks again.</summary>
        public static void Recheck()
        {
            lock (Gate) _check = null;
        }
    }
}
