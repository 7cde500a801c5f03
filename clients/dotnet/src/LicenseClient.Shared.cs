using System;
using System.Collections.Generic;
using System.Threading;
using ChartGpt.Licensing.Http;
using ChartGpt.Licensing.Json;
using ChartGpt.Licensing.State;
using ChartGpt.Licensing.Tokens;

namespace ChartGpt.Licensing
{
    /// <summary>What the license calls share: request bodies, storing a grant, ending grace, results.</summary>
    public sealed partial class LicenseClient
    {
        internal ApiResult Call(string method, string path, JsonObject body, string bearer, CancellationToken cancel)
        {
            _serverTime = null; // the Date of this exchange only, never a stale one
            return _api.Call(method, path, body, bearer, cancel);
        }

        internal JsonObject MachineBody(string name)
        {
            var body = new JsonObject()
                .With("fingerprint", Fingerprint)
                .With("name", Truncate(name ?? _o.MachineName ?? Environment.MachineName, 100))
                .With("platform", Platform.Name)
                .With("app_version", _o.AppVersion);
            IDictionary<string, string> comps = _machine.Components;
            if (comps != null && comps.Count > 0)
            {
                var c = new JsonObject();
                foreach (KeyValuePair<string, string> kv in comps) c[kv.Key] = kv.Value;
                body["components"] = c;
            }
            return body;
        }

        /// <summary>Stores key, token and the server time after an answer that carries a token.</summary>
        internal LicenseResult StoreActivation(string key, JsonObject body)
        {
            string token = body.GetString("token");
            _store.WriteLicense(new StoredLicense { Key = key, Api = Origin(_o.ApiBase), FinalCode = null });
            var result = new LicenseResult { Ok = true, Valid = true, Offline = false };
            if (token != null)
            {
                _store.WriteToken(token);
                string reason;
                LicenseClaims verified = LicenseToken.Verify(token, _keys,
                    new TokenExpectations { Issuer = _o.ExpectedIssuer ?? Origin(_o.ApiBase), Fingerprint = Fingerprint }, out reason);
                LicenseClaims shown = verified ?? LicenseToken.ReadUnverified(token);
                if (shown != null) OfflineCheck.Fill(result, shown);
                if (verified == null)
                {
                    result.Message = "Warning: the token does not verify with this build's pinned keys (" + reason + "); offline use will not work.";
                    _log(result.Message);
                }
                // The server's time (its Date header, or the iat it signed) replaces the mark:
                // a local clock that once ran ahead must not lock the app out after a good
                // online answer. Only without either does the local clock stand in.
                DateTime? server = _serverTime;
                if (verified != null && (server == null || verified.IssuedAt > server.Value)) server = verified.IssuedAt;
                _store.WriteHighWater(server ?? _clock.UtcNow);
            }
            FillFromBody(result, body);
            return result;
        }

        private void EndGrace(string key, string code)
        {
            StateRead ls;
            StoredLicense stored = _store.ReadLicense(out ls);
            _store.DeleteToken();
            _store.WriteLicense(new StoredLicense { Key = key, Api = stored != null ? stored.Api : Origin(_o.ApiBase), FinalCode = code });
        }

        private OfflineCheck.Verdict Offline(bool write)
        {
            OfflineCheck.Verdict v = OfflineCheck.Evaluate(_store, _keys, _o.ExpectedIssuer, Fingerprint, _clock.UtcNow, _o.ClockTolerance);
            if (write && v.NewHighWater.HasValue) _store.WriteHighWater(v.NewHighWater.Value);
            return v;
        }

        /// <summary>After a failed call, a Date header still moves the high-water mark forward.</summary>
        private void RecordServerTime()
        {
            if (_serverTime == null) return;
            StateRead hs;
            DateTime? mark = _store.ReadHighWater(out hs);
            if (hs != StateRead.Invalid && (mark == null || _serverTime.Value > mark.Value)) _store.WriteHighWater(_serverTime.Value);
        }

        internal static void FillFromBody(LicenseResult r, JsonObject body)
        {
            if (body == null) return;
            JsonObject lic = body.GetObject("license");
            JsonObject act = body.GetObject("activation");
            if (lic != null)
            {
                r.LicenseId = lic.GetString("id") ?? r.LicenseId;
                long? seats = lic.GetLong("seats"), used = lic.GetLong("seats_used");
                if (seats != null) r.Seats = (int)seats.Value;
                if (used != null) r.SeatsUsed = (int)used.Value;
                r.Entitlements = lic.GetStringList("entitlements") ?? r.Entitlements;
            }
            if (act != null) r.ActivationId = act.GetString("id") ?? r.ActivationId;
        }

        internal static LicenseResult ErrorResult(ApiResult r)
        {
            var res = LicenseResult.Fail(r.Code, r.Message);
            if (LicenseCodes.ErrorEndsOfflineGrace(r.Code) || r.Code == LicenseCodes.SeatLimitReached) res.Valid = false;
            string next = r.Details == null ? null : r.Details.GetString("next_allowed_at");
            if (next != null) res.Message = (res.Message ?? "") + " Next allowed at " + next + ".";
            return res;
        }

        internal static string Origin(Uri u)
        {
            return u.GetLeftPart(UriPartial.Authority);
        }

        private static string Truncate(string s, int max)
        {
            return s == null || s.Length <= max ? s : s.Substring(0, max);
        }
    }
}
