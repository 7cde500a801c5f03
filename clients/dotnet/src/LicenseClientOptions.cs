using System;
using System.Threading;
using ChartGpt.Licensing.Http;
using ChartGpt.Licensing.Identity;
using ChartGpt.Licensing.State;
using ChartGpt.Licensing.Tokens;

namespace ChartGpt.Licensing
{
    /// <summary>How a <see cref="LicenseClient"/> is set up. Only ApiBase and StateDirectory are required.</summary>
    public sealed class LicenseClientOptions
    {
        /// <summary>The API origin, e.g. https://api.chartgpt.example.</summary>
        public Uri ApiBase { get; set; }

        /// <summary>Where the key, token and clock mark live, e.g. %LOCALAPPDATA%\ChartGPT\license.</summary>
        public string StateDirectory { get; set; }

        /// <summary>The token keys this build trusts (default: <see cref="ProductKeys.Pinned"/>). Never a downloaded set.</summary>
        public PinnedKeySet PinnedKeys { get; set; }

        /// <summary>
        /// The token issuer to require offline. Default: the API origin recorded when this
        /// machine was activated (that origin came from the app's own configuration, not
        /// from the token). A production build sets <see cref="ProductKeys.Issuer"/>.
        /// </summary>
        public string ExpectedIssuer { get; set; }

        /// <summary>Fingerprint and components (default: <see cref="MachineIdentity.ForThisMachine"/>).</summary>
        public IMachineIdentity Machine { get; set; }

        /// <summary>A label for this machine in the customer's portal (default: the computer name).</summary>
        public string MachineName { get; set; }

        public string AppVersion { get; set; }

        /// <summary>The local clock (default: the system clock).</summary>
        public IClock Clock { get; set; }

        /// <summary>How far the local clock may lag the latest time seen before it is CLOCK_ROLLBACK (default 1 hour).</summary>
        public TimeSpan ClockTolerance { get; set; }

        public IHttpTransport Transport { get; set; }
        public RetryPolicy Retry { get; set; }

        /// <summary>Protection of secrets at rest (default: DPAPI on Windows, 0600 files elsewhere).</summary>
        public IStateProtector Protector { get; set; }

        /// <summary>Progress and retry notes (default: none). Never receives the key or the token.</summary>
        public Action<string> Log { get; set; }

        /// <summary>How the client waits between retries and polls (replaceable for tests).</summary>
        public Action<TimeSpan, CancellationToken> Sleep { get; set; }

        public LicenseClientOptions()
        {
            ClockTolerance = TimeSpan.FromHours(1);
        }

        internal static void DefaultSleep(TimeSpan t, CancellationToken cancel)
        {
            if (cancel.WaitHandle.WaitOne(t)) cancel.ThrowIfCancellationRequested();
        }
    }
}
