// Verifying a ChartGPT license token offline in a NinjaTrader 8 add-on (.NET Framework 4.8).
// Ed25519 comes from BouncyCastle (reference BouncyCastle.Cryptography.dll); JSON from
// System.Web.Extensions. Save the JWKS from GET /.well-known/jwks.json while online.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Web.Script.Serialization;
using Org.BouncyCastle.Math.EC.Rfc8032;

public sealed class LicenseClaims
{
    public string LicenseId, ActivationId, FingerprintHash;
    public int Seats;
    public string[] Entitlements;
    public DateTimeOffset IssuedAt, ExpiresAt;
}

public static class LicenseTokenVerifier
{
    const string Audience = "desktop";
    const string Algorithm = "EdDSA";
    const string TokenType = "license+jwt";
    static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    static readonly JavaScriptSerializer Json = new JavaScriptSerializer();

    /// Throws if the token is not a valid, unexpired license token for this machine.
    public static LicenseClaims Verify(string token, string jwksJson, string issuer, string fingerprint, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) throw new FormatException("not a compact JWS");
        var header = Json.Deserialize<Dictionary<string, object>>(Encoding.UTF8.GetString(Base64Url(parts[0])));
        if ((string)header["alg"] != Algorithm) throw new InvalidOperationException("unexpected alg");
        if (!header.ContainsKey("typ") || (string)header["typ"] != TokenType) throw new InvalidOperationException("unexpected typ");

        // Find the signing key by kid in the saved JWKS (several keys may be listed during rotation).
        var kid = (string)header["kid"];
        var keys = (System.Collections.ArrayList)Json.Deserialize<Dictionary<string, object>>(jwksJson)["keys"];
        var jwk = keys.Cast<Dictionary<string, object>>().FirstOrDefault(k => (string)k["kid"] == kid && (string)k["crv"] == "Ed25519")
                  ?? throw new InvalidOperationException("unknown kid: refresh the JWKS when online");
        var publicKey = Base64Url((string)jwk["x"]);

        // Ed25519 signature over the ASCII bytes of "header.payload".
        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        var signature = Base64Url(parts[2]);
        if (signature.Length != Ed25519.SignatureSize || !Ed25519.Verify(signature, 0, publicKey, 0, signed, 0, signed.Length))
            throw new InvalidOperationException("bad signature");

        var claims = Json.Deserialize<Dictionary<string, object>>(Encoding.UTF8.GetString(Base64Url(parts[1])));
        if ((string)claims["iss"] != issuer) throw new InvalidOperationException("wrong issuer");
        if ((string)claims["aud"] != Audience) throw new InvalidOperationException("wrong audience");
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(claims["exp"]));
        if (now > expiresAt + ClockSkew) throw new InvalidOperationException("token expired: validate online to get a new one");
        if ((string)claims["fp"] != Sha256Hex(fingerprint)) throw new InvalidOperationException("token is for another machine");

        return new LicenseClaims
        {
            LicenseId = (string)claims["sub"],
            ActivationId = (string)claims["act"],
            FingerprintHash = (string)claims["fp"],
            Seats = Convert.ToInt32(claims["seats"]),
            Entitlements = ((System.Collections.ArrayList)claims["ent"]).Cast<string>().ToArray(),
            IssuedAt = DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(claims["iat"])),
            ExpiresAt = expiresAt,
        };
    }

    static byte[] Base64Url(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    static string Sha256Hex(string text)
    {
        using (var sha = SHA256.Create())
            return string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(text)).Select(b => b.ToString("x2")));
    }
}
