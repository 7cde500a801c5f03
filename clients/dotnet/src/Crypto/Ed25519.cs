using System;
using System.Numerics;
using System.Security.Cryptography;

namespace ChartGpt.Licensing.Crypto
{
    /// <summary>
    /// Ed25519 signature verification (RFC 8032 section 5.1.7), written for this library
    /// because .NET Framework 4.8 has none. Strict on encodings: S must be below L, A and
    /// R must be canonical points (y &lt; p, no x = 0 with the sign bit) of more than small
    /// order, and the check is the cofactorless encode([S]B - [k]A) == R bytes, which
    /// rejects every other spelling of R as well.
    /// Proven against Project Wycheproof's vectors and RFC 8032's section 7.1 tests.
    /// </summary>
    public static class Ed25519
    {
        public const int PublicKeySize = 32;
        public const int SignatureSize = 64;

        /// <summary>True only when <paramref name="signature"/> is a valid Ed25519 signature of <paramref name="message"/> under <paramref name="publicKey"/>.</summary>
        public static bool Verify(byte[] publicKey, byte[] message, byte[] signature)
        {
            if (publicKey == null || message == null || signature == null) return false;
            if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize) return false;

            // S: the upper half, little-endian, and it must be reduced (malleability).
            BigInteger s = FromLittleEndian(signature, 32, 32);
            if (s >= Ed25519Point.L) return false;

            Ed25519Point a = Ed25519Point.Decode(publicKey, 0);
            if (a == null || a.HasSmallOrder()) return false;
            // R must decode too: an R that is no point can never be the honest R. A
            // small-order R or A is never produced by an honest signer (libsodium's rule).
            Ed25519Point r = Ed25519Point.Decode(signature, 0);
            if (r == null || r.HasSmallOrder()) return false;

            byte[] h;
            using (var sha = SHA512.Create())
            {
                sha.TransformBlock(signature, 0, 32, null, 0);
                sha.TransformBlock(publicKey, 0, 32, null, 0);
                sha.TransformFinalBlock(message, 0, message.Length);
                h = sha.Hash;
            }
            BigInteger k = BigInteger.Remainder(FromLittleEndian(h, 0, 64), Ed25519Point.L);

            Ed25519Point check = Ed25519Point.DoubleScalarMul(s, Ed25519Point.Base, k, a.Negate());
            byte[] encoded = check.Encode();
            int diff = 0;
            for (int i = 0; i < 32; i++) diff |= encoded[i] ^ signature[i];
            return diff == 0;
        }

        internal static BigInteger FromLittleEndian(byte[] src, int offset, int count)
        {
            var le = new byte[count + 1]; // extra zero byte: always non-negative
            Array.Copy(src, offset, le, 0, count);
            return new BigInteger(le);
        }
    }
}
