using System;
using System.Collections.Generic;
using System.Text;
using ChartGpt.Licensing.Crypto;
using ChartGpt.Licensing.Json;

namespace ChartGpt.Licensing.Tokens
{
    /// <summary>The claims of a license token (API.md "License tokens").</summary>
    public sealed class LicenseClaims
    {
        public string Kid { get; internal set; }
        public string Issuer { get; internal set; }
        public string LicenseId { get; internal set; }
        public string ActivationId { get; internal set; }
        /// <summary>SHA-256 hex of the fingerprint the token was issued for.</summary>
        public string FingerprintHash { get; internal set; }
        public int Seats { get; internal set; }
        public IList<string> Entitlements { get; internal set; }
        public DateTime IssuedAt { get; internal set; }
        public DateTime ExpiresAt { get; internal set; }
    }

    /// <summary>What a token must match besides its signature.</summary>
    public sealed class TokenExpectations
    {
        /// <summary>Expected <c>iss</c> (an origin; compared scheme/host/port, no trailing slash).</summary>
        public string Issuer { get; set; }
        /// <summary>The fingerprint string of this machine; the token's <c>fp</c> must be its SHA-256 hex.</summary>
        public string Fingerprint { get; set; }
    }

    /// <summary>
    /// Compact JWS parsing and checks of license tokens. Everything except time: the
    /// caller compares <see cref="LicenseClaims.ExpiresAt"/> with a clock it trusts
    /// (see <c>OfflineCheck</c>), because "now" is exactly what a customer can fake.
    /// </summary>
    public static class LicenseToken
    {
        public const string Algorithm = "EdDSA";
        public const string Type = "license+jwt";
        public const string Audience = "desktop";
        private const int MaxLength = 8192;

        /// <summary>
        /// Verifies signature, header and the aud/iss/fp claims. Returns the claims, or
        /// null with <paramref name="reason"/> saying what failed.
        /// </summary>
        public static LicenseClaims Verify(string jws, PinnedKeySet keys, TokenExpectations expect, out string reason)
        {
            JsonObject header, payload;
            LicenseClaims claims = Parse(jws, out header, out payload, out reason);
            if (claims == null) return null;
            if (header.GetString("alg") != Algorithm) { reason = "alg is not EdDSA"; return null; }
            if (header.GetString("typ") != Type) { reason = "typ is not license+jwt"; return null; }
            // A critical extension we do not understand must fail closed (RFC 7515 4.1.11).
            if (header.Has("crit")) { reason = "unsupported crit header"; return null; }
            byte[] key = keys == null ? null : keys.Find(claims.Kid);
            if (key == null) { reason = "kid \"" + claims.Kid + "\" is not a pinned key"; return null; }
            int dot2 = jws.LastIndexOf('.');
            byte[] signingInput = Encoding.ASCII.GetBytes(jws.Substring(0, dot2));
            byte[] sig = Codec.Base64UrlDecode(jws.Substring(dot2 + 1));
            if (sig == null || !Ed25519.Verify(key, signingInput, sig)) { reason = "signature does not verify"; return null; }

            if (!AudienceMatches(payload["aud"])) { reason = "aud is not desktop"; return null; }
            if (expect == null || string.IsNullOrEmpty(expect.Issuer) || !SameOrigin(claims.Issuer, expect.Issuer))
            {
                reason = "iss \"" + claims.Issuer + "\" is not the expected issuer";
                return null;
            }
            if (string.IsNullOrEmpty(expect.Fingerprint) || claims.FingerprintHash != Codec.Sha256Hex(expect.Fingerprint))
            {
                reason = "token was issued for another machine (fp)";
                return null;
            }
            reason = null;
            return claims;
        }

        /// <summary>
        /// Splits and decodes a token without checking the signature (to display what an
        /// API answer carried). Never base a decision on the result of this alone.
        /// </summary>
        public static LicenseClaims ReadUnverified(string jws)
        {
            JsonObject h, p;
            string reason;
            return Parse(jws, out h, out p, out reason);
        }

        private static LicenseClaims Parse(string jws, out JsonObject header, out JsonObject payload, out string reason)
        {
            header = payload = null;
            if (string.IsNullOrEmpty(jws) || jws.Length > MaxLength) { reason = "not a token"; return null; }
            string[] parts = jws.Split('.');
            if (parts.Length != 3) { reason = "not a compact JWS"; return null; }
            header = DecodeObject(parts[0]);
            payload = DecodeObject(parts[1]);
            if (header == null || payload == null) { reason = "header or payload is not base64url JSON"; return null; }
            var c = new LicenseClaims
            {
                Kid = header.GetString("kid"),
                Issuer = payload.GetString("iss"),
                LicenseId = payload.GetString("sub"),
                ActivationId = payload.GetString("act"),
                FingerprintHash = payload.GetString("fp"),
                Entitlements = payload.GetStringList("ent"),
            };
            long? seats = payload.GetLong("seats"), iat = payload.GetLong("iat"), exp = payload.GetLong("exp");
            if (string.IsNullOrEmpty(c.Kid) || string.IsNullOrEmpty(c.Issuer) || string.IsNullOrEmpty(c.LicenseId)
                || string.IsNullOrEmpty(c.ActivationId) || string.IsNullOrEmpty(c.FingerprintHash)
                || c.Entitlements == null || seats == null || seats < 0 || seats > int.MaxValue
                || iat == null || exp == null || exp <= iat || iat < 0 || exp > 253402300799L)
            {
                reason = "claims missing or mistyped";
                return null;
            }
            c.Seats = (int)seats.Value;
            c.IssuedAt = FromUnix(iat.Value);
            c.ExpiresAt = FromUnix(exp.Value);
            reason = null;
            return c;
        }

        private static JsonObject DecodeObject(string part)
        {
            byte[] bytes = Codec.Base64UrlDecode(part);
            if (bytes == null) return null;
            string text;
            try { text = new UTF8Encoding(false, true).GetString(bytes); }
            catch (ArgumentException) { return null; }
            return JsonReader.TryParseObject(text);
        }

        private static bool AudienceMatches(object aud)
        {
            if (aud as string == Audience) return true;
            var list = aud as List<object>;
            return list != null && list.Contains(Audience);
        }

        /// <summary>Origins equal by scheme, host and port (case-insensitive; paths ignored).</summary>
        public static bool SameOrigin(string a, string b)
        {
            Uri ua, ub;
            if (!Uri.TryCreate(a, UriKind.Absolute, out ua) || !Uri.TryCreate(b, UriKind.Absolute, out ub)) return false;
            return string.Equals(ua.Scheme, ub.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(ua.Host, ub.Host, StringComparison.OrdinalIgnoreCase)
                && ua.Port == ub.Port;
        }

        internal static DateTime FromUnix(long seconds)
        {
            return new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(seconds);
        }
    }
}
