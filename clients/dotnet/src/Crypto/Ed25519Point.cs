using System;
using System.Numerics;

namespace ChartGpt.Licensing.Crypto
{
    /// <summary>
    /// Field and group arithmetic of edwards25519 (RFC 8032 section 5.1), on
    /// System.Numerics.BigInteger. Points are kept in extended coordinates
    /// (X:Y:Z:T with x = X/Z, y = Y/Z, xy = T/Z) so that adding and doubling need no
    /// inversion; only encoding a point divides. Verification only: nothing here handles
    /// secrets, so constant time is not a concern.
    /// </summary>
    internal sealed class Ed25519Point
    {
        /// <summary>p = 2^255 - 19, the field prime.</summary>
        internal static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
        /// <summary>L = 2^252 + 27742317777372353535851937790883648493, the group order.</summary>
        internal static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");
        /// <summary>d = -121665/121666 mod p.</summary>
        internal static readonly BigInteger D = Mod(-121665 * Inverse(121666));
        private static readonly BigInteger D2 = Mod(2 * D);
        /// <summary>sqrt(-1) = 2^((p-1)/4) mod p.</summary>
        private static readonly BigInteger SqrtM1 = BigInteger.ModPow(2, (P - 1) / 4, P);

        internal static readonly Ed25519Point Identity = new Ed25519Point(0, 1, 1, 0);
        /// <summary>The base point B (y = 4/5, x positive/even).</summary>
        internal static readonly Ed25519Point Base = MakeBase();

        internal readonly BigInteger X, Y, Z, T;

        private Ed25519Point(BigInteger x, BigInteger y, BigInteger z, BigInteger t)
        {
            X = x; Y = y; Z = z; T = t;
        }

        internal static BigInteger Mod(BigInteger a)
        {
            BigInteger r = BigInteger.Remainder(a, P);
            return r.Sign < 0 ? r + P : r;
        }

        private static BigInteger Inverse(BigInteger a)
        {
            return BigInteger.ModPow(Mod(a), P - 2, P);
        }

        private static Ed25519Point MakeBase()
        {
            BigInteger y = Mod(4 * Inverse(5));
            BigInteger x = RecoverX(y, 0);
            return new Ed25519Point(x, y, 1, Mod(x * y));
        }

        /// <summary>x from y and the sign bit (RFC 8032 5.1.3 steps 2-4), or -1 when none exists.</summary>
        private static BigInteger RecoverX(BigInteger y, int sign)
        {
            BigInteger y2 = Mod(y * y);
            BigInteger u = Mod(y2 - 1);
            BigInteger v = Mod(D * y2 + 1);
            BigInteger v3 = Mod(v * v * v);
            BigInteger v7 = Mod(v3 * v3 * v);
            BigInteger x = Mod(u * v3 * BigInteger.ModPow(Mod(u * v7), (P - 5) / 8, P));
            BigInteger vx2 = Mod(v * x * x);
            if (vx2 != u)
            {
                if (vx2 != Mod(-u)) return BigInteger.MinusOne;
                x = Mod(x * SqrtM1);
            }
            // x = 0 has only one encoding: a set sign bit there is non-canonical.
            if (x.IsZero && sign == 1) return BigInteger.MinusOne;
            if ((int)(x & 1) != sign) x = P - x;
            return x;
        }

        /// <summary>
        /// Decodes a 32-byte point. Null for a wrong length, a non-canonical y (y ≥ p),
        /// no square root, or x = 0 with the sign bit set.
        /// </summary>
        internal static Ed25519Point Decode(byte[] s, int offset)
        {
            if (s == null || s.Length - offset < 32) return null;
            byte[] le = new byte[33]; // trailing zero keeps BigInteger non-negative
            Array.Copy(s, offset, le, 0, 32);
            int sign = (le[31] >> 7) & 1;
            le[31] &= 0x7F;
            BigInteger y = new BigInteger(le);
            if (y >= P) return null;
            BigInteger x = RecoverX(y, sign);
            if (x.Sign < 0) return null;
            return new Ed25519Point(x, y, 1, Mod(x * y));
        }

        internal byte[] Encode()
        {
            BigInteger zi = Inverse(Z);
            BigInteger x = Mod(X * zi);
            BigInteger y = Mod(Y * zi);
            byte[] raw = y.ToByteArray(); // little-endian, may carry a sign byte
            byte[] outp = new byte[32];
            Array.Copy(raw, outp, Math.Min(raw.Length, 32));
            if (!x.IsEven) outp[31] |= 0x80;
            return outp;
        }

        internal Ed25519Point Negate()
        {
            return new Ed25519Point(Mod(-X), Y, Z, Mod(-T));
        }

        /// <summary>Addition in extended coordinates (RFC 8032 5.1.4, a = -1).</summary>
        internal Ed25519Point Add(Ed25519Point q)
        {
            BigInteger a = Mod((Y - X) * (q.Y - q.X));
            BigInteger b = Mod((Y + X) * (q.Y + q.X));
            BigInteger c = Mod(T * D2 * q.T);
            BigInteger d = Mod(2 * Z * q.Z);
            BigInteger e = b - a, f = d - c, g = d + c, h = b + a;
            return new Ed25519Point(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
        }

        /// <summary>Doubling (RFC 8032 5.1.4 "dbl-2008-hwcd").</summary>
        internal Ed25519Point Double()
        {
            BigInteger a = Mod(X * X);
            BigInteger b = Mod(Y * Y);
            BigInteger c = Mod(2 * Z * Z);
            BigInteger h = a + b;
            BigInteger xy = X + Y;
            BigInteger e = Mod(h - xy * xy);
            BigInteger g = a - b;
            BigInteger f = c + g;
            return new Ed25519Point(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
        }

        /// <summary>True for the 8 points of order dividing 8 ([8]P is the identity).</summary>
        internal bool HasSmallOrder()
        {
            Ed25519Point e = Double().Double().Double();
            return e.SameAs(Identity);
        }

        /// <summary>Projective equality: X1/Z1 = X2/Z2 and Y1/Z1 = Y2/Z2.</summary>
        internal bool SameAs(Ed25519Point q)
        {
            return Mod(X * q.Z - q.X * Z).IsZero && Mod(Y * q.Z - q.Y * Z).IsZero;
        }

        /// <summary>
        /// [a]P + [b]Q in one pass (Straus/Shamir with 4-bit windows): 256 doublings and
        /// at most 128 additions instead of two separate ladders.
        /// </summary>
        internal static Ed25519Point DoubleScalarMul(BigInteger a, Ed25519Point p, BigInteger b, Ed25519Point q)
        {
            Ed25519Point[] tp = Table(p), tq = Table(q);
            byte[] an = Nibbles(a), bn = Nibbles(b);
            Ed25519Point acc = Identity;
            for (int i = 63; i >= 0; i--)
            {
                acc = acc.Double().Double().Double().Double();
                if (an[i] != 0) acc = acc.Add(tp[an[i]]);
                if (bn[i] != 0) acc = acc.Add(tq[bn[i]]);
            }
            return acc;
        }

        private static Ed25519Point[] Table(Ed25519Point p)
        {
            var t = new Ed25519Point[16];
            t[0] = Identity;
            for (int i = 1; i < 16; i++) t[i] = t[i - 1].Add(p);
            return t;
        }

        /// <summary>64 little-endian nibbles of a scalar below 2^256.</summary>
        private static byte[] Nibbles(BigInteger k)
        {
            byte[] raw = k.ToByteArray();
            var n = new byte[64];
            for (int i = 0; i < 32 && i < raw.Length; i++)
            {
                n[2 * i] = (byte)(raw[i] & 0x0F);
                n[2 * i + 1] = (byte)(raw[i] >> 4);
            }
            return n;
        }
    }
}
