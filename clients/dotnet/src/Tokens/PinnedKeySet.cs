using System;
using System.Collections.Generic;
using ChartGpt.Licensing.Crypto;
using ChartGpt.Licensing.Json;

namespace ChartGpt.Licensing.Tokens
{
    /// <summary>
    /// The Ed25519 public keys this build trusts, by <c>kid</c>. Built from keys compiled
    /// into the app (see <see cref="ProductKeys"/>), never from a key set downloaded or
    /// read from the state directory: whoever can edit the key set can sign tokens.
    /// </summary>
    public sealed class PinnedKeySet
    {
        private readonly Dictionary<string, byte[]> _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);

        public int Count { get { return _keys.Count; } }

        public IEnumerable<string> Kids { get { return _keys.Keys; } }

        /// <summary>Pins a 32-byte Ed25519 public key under <paramref name="kid"/>.</summary>
        public PinnedKeySet Add(string kid, byte[] publicKey)
        {
            if (string.IsNullOrEmpty(kid)) throw new ArgumentException("kid is required", "kid");
            if (publicKey == null || publicKey.Length != Ed25519.PublicKeySize) throw new ArgumentException("an Ed25519 public key is 32 bytes", "publicKey");
            _keys[kid] = (byte[])publicKey.Clone();
            return this;
        }

        /// <summary>Pins one public JWK given as JSON text: {"kty":"OKP","crv":"Ed25519","x":"…","kid":"…"}.</summary>
        public PinnedKeySet AddJwk(string jwkJson)
        {
            JsonObject jwk = JsonReader.TryParseObject(jwkJson);
            if (jwk == null || !TryAdd(jwk)) throw new ArgumentException("not a public Ed25519 JWK with a kid");
            return this;
        }

        /// <summary>
        /// Pins every Ed25519 key of a JWKS text ({"keys":[…]}); other key types are
        /// skipped. For tests and local stacks whose keys are generated, where the JWKS
        /// file is given explicitly by the operator; production pins keys in code.
        /// </summary>
        public static PinnedKeySet FromJwks(string jwksJson)
        {
            JsonObject root = JsonReader.TryParseObject(jwksJson);
            List<object> keys = root == null ? null : root.GetArray("keys");
            if (keys == null) throw new FormatException("not a JWKS document ({\"keys\":[…]})");
            var set = new PinnedKeySet();
            foreach (object k in keys)
            {
                var jwk = k as JsonObject;
                if (jwk != null) set.TryAdd(jwk);
            }
            if (set.Count == 0) throw new FormatException("the JWKS holds no Ed25519 key with a kid");
            return set;
        }

        private bool TryAdd(JsonObject jwk)
        {
            if (jwk.GetString("kty") != "OKP" || jwk.GetString("crv") != "Ed25519") return false;
            // A private member in a pinned key is a packaging mistake; the key is still
            // usable for verifying, but never keep the secret part around.
            string kid = jwk.GetString("kid");
            byte[] x = Codec.Base64UrlDecode(jwk.GetString("x"));
            if (string.IsNullOrEmpty(kid) || x == null || x.Length != Ed25519.PublicKeySize) return false;
            Add(kid, x);
            return true;
        }

        internal byte[] Find(string kid)
        {
            byte[] k;
            return kid != null && _keys.TryGetValue(kid, out k) ? k : null;
        }
    }
}
