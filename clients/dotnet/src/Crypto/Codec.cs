using System;
using System.Security.Cryptography;
using System.Text;

namespace ChartGpt.Licensing.Crypto
{
    /// <summary>Base64url (RFC 4648 section 5, no padding), hex and SHA-256 helpers.</summary>
    public static class Codec
    {
        /// <summary>
        /// Strict base64url decoding: only the URL-safe alphabet, no padding, no
        /// whitespace, and unused trailing bits must be zero (so one byte string has one
        /// encoding). Null for anything else.
        /// </summary>
        public static byte[] Base64UrlDecode(string s)
        {
            if (s == null || s.Length % 4 == 1) return null;
            foreach (char c in s)
            {
                bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok) return null;
            }
            string b64 = s.Replace('-', '+').Replace('_', '/');
            b64 += new string('=', (4 - b64.Length % 4) % 4);
            byte[] bytes;
            try { bytes = Convert.FromBase64String(b64); }
            catch (FormatException) { return null; }
            return Base64UrlEncode(bytes) == s ? bytes : null;
        }

        public static string Base64UrlEncode(byte[] bytes)
        {
            return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        public static string Hex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes) sb.Append("0123456789abcdef"[b >> 4]).Append("0123456789abcdef"[b & 15]);
            return sb.ToString();
        }

        /// <summary>Lower- or upper-case hex to bytes; null when not hex of even length.</summary>
        public static byte[] FromHex(string hex)
        {
            if (hex == null || hex.Length % 2 != 0) return null;
            var outp = new byte[hex.Length / 2];
            for (int i = 0; i < outp.Length; i++)
            {
                int hi = Nibble(hex[2 * i]), lo = Nibble(hex[2 * i + 1]);
                if (hi < 0 || lo < 0) return null;
                outp[i] = (byte)(hi << 4 | lo);
            }
            return outp;
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }

        public static byte[] Sha256(byte[] data)
        {
            using (var sha = SHA256.Create()) return sha.ComputeHash(data);
        }

        /// <summary>Lowercase hex SHA-256 of the UTF-8 bytes of <paramref name="text"/> (the token's <c>fp</c> claim).</summary>
        public static string Sha256Hex(string text)
        {
            return Hex(Sha256(Encoding.UTF8.GetBytes(text)));
        }

        public static byte[] HmacSha256(byte[] key, byte[] data)
        {
            using (var h = new HMACSHA256(key)) return h.ComputeHash(data);
        }

        /// <summary>Compares without an early exit, so timing says nothing about where two MACs differ.</summary>
        public static bool FixedTimeEquals(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length != b.Length) return false;
            int diff = 0;
            for (int i = 0; i < a.Length; i++) diff |= a[i] ^ b[i];
            return diff == 0;
        }
    }
}
