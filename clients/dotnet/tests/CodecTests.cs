using ChartGpt.Licensing.Crypto;

namespace ChartGpt.Licensing.Tests
{
    public class CodecTests
    {
        [Test]
        public void Base64UrlIsStrict()
        {
            Assert.Equal("AQID_-8", Codec.Base64UrlEncode(new byte[] { 1, 2, 3, 0xff, 0xef }));
            Assert.Equal(5, Codec.Base64UrlDecode("AQID_-8").Length);
            Assert.Null(Codec.Base64UrlDecode("AQID/+8"), "standard alphabet");
            Assert.Null(Codec.Base64UrlDecode("AQID_-8="), "padding");
            Assert.Null(Codec.Base64UrlDecode("AQ ID"), "whitespace");
            Assert.Null(Codec.Base64UrlDecode("A"), "impossible length");
            Assert.Null(Codec.Base64UrlDecode("AR"), "non-zero trailing bits (second encoding of 0x01)");
            Assert.Equal(0, Codec.Base64UrlDecode("").Length);
        }

        [Test]
        public void HexAndSha256()
        {
            // SHA-256("abc"), FIPS 180-2 example.
            Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Codec.Sha256Hex("abc"));
            Assert.Null(Codec.FromHex("abc"), "odd length");
            Assert.Null(Codec.FromHex("zz"), "not hex");
            Assert.Equal("00ff10", Codec.Hex(Codec.FromHex("00FF10")));
        }
    }
}
