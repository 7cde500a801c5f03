using System;
using ChartGpt.Licensing.State;
using ChartGpt.Licensing.Tokens;

namespace ChartGpt.Licensing
{
    /// <summary>
    /// The offline verdict from the state directory alone (no network), in this order:
    /// a license must be stored; a final "no" recorded earlier wins; the token must
    /// verify with the pinned keys (signature, alg, kid, typ, aud, iss, fp); the local
    /// clock must not be more than the tolerance behind the high-water mark (the latest
    /// of the stored mark and the token's iat); the token must not have expired.
    /// </summary>
    internal static class OfflineCheck
    {
        internal sealed class Verdict
        {
            public LicenseResult Result;
            /// <summary>The mark to store after this check (null when nothing should be written).</summary>
            public DateTime? NewHighWater;
            /// <summary>True when no token was stored at all (so an online failure code says more).</summary>
            public bool NoToken;
        }

        internal static Verdict Evaluate(StateStore store, PinnedKeySet keys, string expectedIssuer, string fingerprint, DateTime now, TimeSpan tolerance)
        {
            var v = new Verdict();
            StateRead ls;
            StoredLicense lic = store.ReadLicense(out ls);
            if (lic == null)
            {
                v.Result = Invalid(LicenseCodes.NoState, ls == StateRead.Invalid
                    ? "The stored license was edited or is damaged; activate again."
                    : "This machine has no license yet; activate it first.");
                v.NoToken = true;
                return v;
            }
            if (lic.FinalCode != null)
            {
                v.Result = Invalid(lic.FinalCode, "The API answered " + lic.FinalCode + "; offline use ended.");
                return v;
            }
            StateRead ts;
            string token = store.ReadToken(out ts);
            if (token == null)
            {
                v.NoToken = ts == StateRead.Missing;
                v.Result = Invalid(LicenseCodes.OfflineTokenInvalid, ts == StateRead.Invalid
                    ? "The stored token was edited or is damaged."
                    : "No license token is stored; validate online.");
                return v;
            }
            string reason;
            var expect = new TokenExpectations { Issuer = expectedIssuer ?? lic.Api, Fingerprint = fingerprint };
            LicenseClaims claims = LicenseToken.Verify(token, keys, expect, out reason);
            if (claims == null)
            {
                v.Result = Invalid(LicenseCodes.OfflineTokenInvalid, "The stored token is not valid here: " + reason + ".");
                return v;
            }
            StateRead hs;
            DateTime? stored = store.ReadHighWater(out hs);
            if (hs == StateRead.Invalid)
            {
                v.Result = Invalid(LicenseCodes.ClockRollback, "The stored clock record was edited or is damaged; validate online.");
                return v;
            }
            DateTime mark = stored.HasValue && stored.Value > claims.IssuedAt ? stored.Value : claims.IssuedAt;
            if (now < mark - tolerance)
            {
                v.Result = Invalid(LicenseCodes.ClockRollback, "The computer's clock is behind a time already seen (" + Iso(mark) + "); fix the clock or go online.");
                return v;
            }
            v.NewHighWater = now > mark ? now : mark;
            if (now >= claims.ExpiresAt)
            {
                v.Result = Invalid(LicenseCodes.OfflineExpired, "The offline license expired at " + Iso(claims.ExpiresAt) + "; connect to the internet to renew it.");
                Fill(v.Result, claims);
                return v;
            }
            v.Result = new LicenseResult { Ok = true, Code = LicenseCodes.ValidOffline, Valid = true, Offline = true };
            Fill(v.Result, claims);
            return v;
        }

        internal static void Fill(LicenseResult r, LicenseClaims c)
        {
            r.ExpiresAt = c.ExpiresAt;
            r.LicenseId = c.LicenseId;
            r.ActivationId = c.ActivationId;
            r.Seats = c.Seats;
            r.Entitlements = c.Entitlements;
        }

        private static LicenseResult Invalid(string code, string message)
        {
            return new LicenseResult { Ok = false, Code = code, Valid = false, Offline = true, Message = message };
        }

        internal static string Iso(DateTime t)
        {
            return t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
