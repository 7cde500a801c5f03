using System;
using System.Diagnostics;
using System.Threading;
using ChartGpt.Licensing.Http;
using ChartGpt.Licensing.Json;

namespace ChartGpt.Licensing
{
    /// <summary>What to show the customer during device sign-in.</summary>
    public sealed class DeviceAuthorization
    {
        /// <summary>The short code, shown as XXXX-XXXX.</summary>
        public string UserCode { get; internal set; }
        /// <summary>The portal page where the customer enters the code.</summary>
        public string VerificationUri { get; internal set; }
        /// <summary>The same page with the code filled in (for a "open browser" button).</summary>
        public string VerificationUriComplete { get; internal set; }
        public TimeSpan ExpiresIn { get; internal set; }
    }

    public sealed partial class LicenseClient
    {
        /// <summary>
        /// Signs in without a key (device authorization, API.md "Desktop sign-in"): asks for
        /// a code, hands it to <paramref name="showCode"/> at once (show it and the address),
        /// then polls at the server's interval, 5 s slower after each SLOW_DOWN, until the
        /// customer approves in the portal (ACTIVATED: key and token are stored like an
        /// activation), denies (ACCESS_DENIED) or the code expires (EXPIRED_TOKEN).
        /// Cancel through <paramref name="cancel"/> (CANCELLED).
        /// </summary>
        public LicenseResult SignIn(Action<DeviceAuthorization> showCode, string name = null, CancellationToken cancel = default(CancellationToken))
        {
            try { return RunSignIn(showCode, name, cancel); }
            catch (OperationCanceledException) { return LicenseResult.Fail(LicenseCodes.Cancelled, "Sign-in was cancelled."); }
        }

        private LicenseResult RunSignIn(Action<DeviceAuthorization> showCode, string name, CancellationToken cancel)
        {
            ApiResult start = Call("POST", "/v1/device/authorize", MachineBody(name), null, cancel);
            if (!start.Success) return ErrorResult(start);
            string deviceCode = start.Body.GetString("device_code");
            var auth = new DeviceAuthorization
            {
                UserCode = start.Body.GetString("user_code"),
                VerificationUri = start.Body.GetString("verification_uri"),
                VerificationUriComplete = start.Body.GetString("verification_uri_complete"),
                ExpiresIn = TimeSpan.FromSeconds(start.Body.GetLong("expires_in") ?? 600),
            };
            if (deviceCode == null || auth.UserCode == null || auth.VerificationUri == null)
                return LicenseResult.Fail("UNEXPECTED_RESPONSE", "The sign-in answer lacks device_code, user_code or verification_uri.");
            if (showCode != null) showCode(auth);

            TimeSpan interval = TimeSpan.FromSeconds(Math.Max(1, start.Body.GetLong("interval") ?? 5));
            Action<TimeSpan, CancellationToken> sleep = _o.Sleep ?? LicenseClientOptions.DefaultSleep;
            // Time spent counts both real time and the waits asked for, so the deadline
            // holds with the real clock and with a test's instant sleep alike.
            var watch = Stopwatch.StartNew();
            TimeSpan waited = TimeSpan.Zero;
            var poll = new JsonObject().With("device_code", deviceCode);
            while (true)
            {
                sleep(interval, cancel);
                waited += interval;
                TimeSpan elapsed = watch.Elapsed > waited ? watch.Elapsed : waited;
                if (elapsed > auth.ExpiresIn + interval)
                    return Denied(LicenseCodes.ExpiredToken, "The sign-in code expired before it was approved.", auth, false);

                ApiResult r = Call("POST", "/v1/device/token", poll, null, cancel);
                if (r.Success)
                {
                    string key = r.Body.GetString("license_key");
                    if (key == null) return LicenseResult.Fail("UNEXPECTED_RESPONSE", "The approved sign-in carries no license_key.");
                    LicenseResult ok = StoreActivation(key, r.Body);
                    ok.Code = LicenseCodes.Activated;
                    ok.UserCode = auth.UserCode;
                    ok.VerificationUri = auth.VerificationUri;
                    return ok;
                }
                switch (r.Code)
                {
                    case LicenseCodes.AuthorizationPending:
                        continue;
                    case LicenseCodes.SlowDown:
                        interval += TimeSpan.FromSeconds(5);
                        _log("sign-in: server asked to slow down; polling every " + interval.TotalSeconds + " s");
                        continue;
                    case LicenseCodes.AccessDenied:
                        return Denied(r.Code, "The sign-in was denied in the portal.", auth, true);
                    case LicenseCodes.ExpiredToken:
                        return Denied(r.Code, "The sign-in code expired before it was approved.", auth, false);
                }
                if (r.Transient)
                {
                    _log("sign-in: " + r.Code + " while polling; still waiting");
                    continue;
                }
                LicenseResult err = ErrorResult(r);
                err.UserCode = auth.UserCode;
                err.VerificationUri = auth.VerificationUri;
                return err;
            }
        }

        private static LicenseResult Denied(string code, string message, DeviceAuthorization auth, bool definite)
        {
            var r = LicenseResult.Fail(code, message);
            if (definite) r.Valid = false;
            r.UserCode = auth.UserCode;
            r.VerificationUri = auth.VerificationUri;
            return r;
        }
    }
}
