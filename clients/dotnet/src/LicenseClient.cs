using System;
using System.Collections.Generic;
using System.Threading;
using ChartGpt.Licensing.Http;
using ChartGpt.Licensing.Identity;
using ChartGpt.Licensing.Json;
using ChartGpt.Licensing.State;
using ChartGpt.Licensing.Tokens;

namespace ChartGpt.Licensing
{
    /// <summary>
    /// The license client a desktop app links: activate, validate (online, falling back
    /// to the stored token), deactivate, status (offline only), device sign-in and sync.
    /// Every method returns a <see cref="LicenseResult"/> instead of throwing for API or
    /// network outcomes. Calls block (network and retries): run them off the UI thread.
    /// One instance per state directory; methods are not meant to run concurrently.
    /// </summary>
    public sealed partial class LicenseClient
    {
        private readonly LicenseClientOptions _o;
        private readonly StateStore _store;
        private readonly ApiClient _api;
        private readonly IMachineIdentity _machine;
        private readonly IClock _clock;
        private readonly PinnedKeySet _keys;
        private readonly Action<string> _log;
        private DateTime? _serverTime;

        public LicenseClient(LicenseClientOptions options)
        {
            if (options == null) throw new ArgumentNullException("options");
            if (options.ApiBase == null) throw new ArgumentException("ApiBase is required");
            _o = options;
            _log = options.Log ?? (s => { });
            _store = new StateStore(options.StateDirectory, options.Protector ?? StateProtectors.ForThisPlatform());
            _machine = options.Machine ?? MachineIdentity.ForThisMachine();
            _clock = options.Clock ?? SystemClock.Instance;
            _keys = options.PinnedKeys ?? ProductKeys.Pinned();
            _api = new ApiClient(options.ApiBase, options.Transport ?? new WebRequestTransport(), options.Retry ?? new RetryPolicy(),
                options.Sleep ?? LicenseClientOptions.DefaultSleep, _log);
            _api.ServerTimeSeen = t => { if (_serverTime == null || t > _serverTime) _serverTime = t; };
            Sync = new SyncClient(this);
        }

        /// <summary>The fingerprint this client sends (and tokens must be bound to).</summary>
        public string Fingerprint { get { return _machine.Fingerprint; } }

        /// <summary>Synced documents of the customer's account.</summary>
        public SyncClient Sync { get; private set; }

        internal ApiClient Api { get { return _api; } }
        internal StateStore Store { get { return _store; } }

        /// <summary>
        /// Activates this machine with <paramref name="licenseKey"/> (or the stored key when
        /// null): ACTIVATED for a new seat, ALREADY_ACTIVE when it held one.
        /// </summary>
        public LicenseResult Activate(string licenseKey = null, string name = null, CancellationToken cancel = default(CancellationToken))
        {
            StateRead ls;
            StoredLicense stored = _store.ReadLicense(out ls);
            string key = string.IsNullOrWhiteSpace(licenseKey) ? (stored != null ? stored.Key : null) : licenseKey.Trim();
            if (key == null) return LicenseResult.Fail(LicenseCodes.NoState, "No license key: pass the key from the purchase email.");

            JsonObject body = MachineBody(name).With("license_key", key);
            ApiResult r = Call("POST", "/v1/licenses/activate", body, null, cancel);
            if (r.Success)
            {
                LicenseResult ok = StoreActivation(key, r.Body);
                ok.Code = r.Status == 201 ? LicenseCodes.Activated : LicenseCodes.AlreadyActive;
                return ok;
            }
            // A wrong key typed on a licensed machine must not end that machine's grace.
            if (LicenseCodes.ErrorEndsOfflineGrace(r.Code) && stored != null && stored.Key == key) EndGrace(key, r.Code);
            return ErrorResult(r);
        }

        /// <summary>
        /// Checks the license online; when the API cannot be reached (after retries), falls
        /// back to the stored token (VALID_OFFLINE while it verifies and has not expired).
        /// A final "no" from the API (REVOKED, NOT_FOUND, NOT_ACTIVATED, SUSPENDED) drops
        /// the stored token at once.
        /// </summary>
        public LicenseResult Validate(CancellationToken cancel = default(CancellationToken))
        {
            StateRead ls;
            StoredLicense stored = _store.ReadLicense(out ls);
            if (stored == null) return Status();

            ApiResult r = Call("POST", "/v1/licenses/validate", new JsonObject().With("license_key", stored.Key).With("fingerprint", Fingerprint), null, cancel);
            if (r.Success)
            {
                string code = r.Body.GetString("code") ?? "UNEXPECTED_RESPONSE";
                if (r.Body.GetBool("valid") == true && r.Body.GetString("token") != null)
                {
                    LicenseResult ok = StoreActivation(stored.Key, r.Body);
                    ok.Code = code;
                    return ok;
                }
                if (LicenseCodes.EndsOfflineGrace(code))
                {
                    EndGrace(stored.Key, code);
                    var no = new LicenseResult { Ok = false, Code = code, Valid = false, Offline = false, Message = "The API answered " + code + "; offline use ended." };
                    FillFromBody(no, r.Body);
                    return no;
                }
            }
            else if (LicenseCodes.ErrorEndsOfflineGrace(r.Code))
            {
                EndGrace(stored.Key, r.Code);
                LicenseResult no = ErrorResult(r);
                no.Offline = false;
                return no;
            }

            // No license answer (no connection, 5xx or 429 after the retries, an error that
            // says nothing about the license such as a 404 from a wrong address, or a 200
            // that is not the API's): decide from the stored token, as status does, and
            // keep the latest time seen.
            string why = r.Success ? "UNEXPECTED_RESPONSE, the answer was not the licensing API's" : r.Code + (r.Message != null ? ", " + r.Message : "");
            RecordServerTime();
            OfflineCheck.Verdict v = Offline(true);
            LicenseResult res = v.Result;
            if (!res.Ok && v.NoToken)
            {
                res = ErrorResult(r);
                if (r.Success) res.Code = "UNEXPECTED_RESPONSE";
                res.Message = why;
                res.Offline = true;
                res.Valid = false;
            }
            else
            {
                res.Message = (res.Message == null ? "" : res.Message + " ") + "(API: " + why + ")";
            }
            return res;
        }

        /// <summary>The offline verdict from stored state only: no network, nothing written.</summary>
        public LicenseResult Status()
        {
            return Offline(false).Result;
        }

        /// <summary>Frees this machine's seat and forgets the local state (key, token, sync marks): the machine can move.</summary>
        public LicenseResult Deactivate(CancellationToken cancel = default(CancellationToken))
        {
            StateRead ls;
            StoredLicense stored = _store.ReadLicense(out ls);
            if (stored == null) return LicenseResult.Fail(LicenseCodes.NoState, "This machine has no license to deactivate.");
            ApiResult r = Call("POST", "/v1/licenses/deactivate", new JsonObject().With("license_key", stored.Key).With("fingerprint", Fingerprint), null, cancel);
            if (r.Success || r.Code == LicenseCodes.ActivationNotFound)
            {
                // The seat is free (or was freed elsewhere: portal, support, an earlier try of
                // this very call whose answer was lost): forget key, token and sync marks.
                _store.Clear();
                if (r.Success || r.Attempts > 1)
                {
                    var ok = new LicenseResult { Ok = true, Code = LicenseCodes.Deactivated, Message = "This machine's seat is free." };
                    FillFromBody(ok, r.Body);
                    return ok;
                }
                LicenseResult gone = ErrorResult(r);
                gone.Message = "This machine was not active on the license; local state cleared.";
                return gone;
            }
            if (LicenseCodes.ErrorEndsOfflineGrace(r.Code)) EndGrace(stored.Key, r.Code);
            return ErrorResult(r);
        }

        /// <summary>Forgets the stored license, token and marks on this machine (no API call).</summary>
        public void ForgetLocalState()
        {
            _store.Clear();
        }
    }
}
