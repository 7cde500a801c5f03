// Tokens/ProductKeys.cs of the library, filled in for a release. Public keys only (they
// are not secrets), from `npm run keys:export -- keys.json --api https://api.chartgpt.example`:
// the key that signs today and the next one, published before it signs anything.
namespace ChartGpt.Licensing.Tokens
{
    public static class ProductKeys
    {
        public const string Issuer = "https://api.chartgpt.example";

        public const string CurrentJwk = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"prod-2026-11\",\"x\":\"<43 characters from keys.json>\"}";

        public const string NextJwk = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"prod-2027-05\",\"x\":\"<43 characters from keys.json>\"}";

        public static PinnedKeySet Pinned()
        {
            var set = new PinnedKeySet();
            if (CurrentJwk.Length > 0) set.AddJwk(CurrentJwk);
            if (NextJwk.Length > 0) set.AddJwk(NextJwk);
            return set;
        }
    }
}
