namespace ChartGpt.Licensing.Tokens
{
    /// <summary>
    /// The keys and issuer a production build of the app pins. Fill in the public JWKs
    /// published at https://api…/.well-known/jwks.json: the CURRENT signing key and the
    /// NEXT one (TOKEN_NEXT_JWK, published before it signs anything), so that a key
    /// rotation never strands installed apps. Public keys only; they are not secrets.
    /// Empty here: this repository's local stacks generate their keys at start, and the
    /// sample command line takes them with --keys.
    /// </summary>
    public static class ProductKeys
    {
        /// <summary>The license tokens' <c>iss</c>: the production API origin.</summary>
        public const string Issuer = "https://api.chartgpt.example";

        /// <summary>Public JWK of the current signing key, e.g. {"kty":"OKP","crv":"Ed25519","x":"…","kid":"…"}.</summary>
        public const string CurrentJwk = "";

        /// <summary>Public JWK of the next signing key (ships before the rotation).</summary>
        public const string NextJwk = "";

        /// <summary>The compiled-in key set (may be empty in this repository's builds).</summary>
        public static PinnedKeySet Pinned()
        {
            var set = new PinnedKeySet();
            if (CurrentJwk.Length > 0) set.AddJwk(CurrentJwk);
            if (NextJwk.Length > 0) set.AddJwk(NextJwk);
            return set;
        }
    }
}
