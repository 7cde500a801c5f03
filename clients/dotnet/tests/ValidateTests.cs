using System;
using System.IO;

namespace ChartGpt.Licensing.Tests
{
    /// <summary>Validate: online answers, final outcomes, retries and the offline fallback.</summary>
    public class ValidateTests
    {
        [Test]
        public void ValidateOnlineRefreshesTheToken()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Api.Answer(200, ClientHarness.ValidBody(h.Tokens.Token("next-key")));
                LicenseResult r = c.Validate();
                Assert.Equal("VALID", r.Code, "online valid: " + r);
                Assert.True(r.Valid == true && r.Offline == false, "valid online");
                Assert.Equal(h.Tokens.Fingerprint, h.Api.BodyOf(1).GetString("fingerprint"), "fingerprint sent");
                Assert.Equal(LicenseCodes.ValidOffline, h.Client().Status().Code, "the token signed with the next key is accepted");
            }
        }

        [Test]
        public void FinalValidateOutcomesEndOfflineGrace()
        {
            foreach (string code in new[] { "REVOKED", "NOT_FOUND", "NOT_ACTIVATED", "SUSPENDED" })
            {
                using (var h = new ClientHarness())
                {
                    LicenseClient c = h.Activated();
                    h.Api.Answer(200, "{\"valid\":false,\"code\":\"" + code + "\"}");
                    LicenseResult r = c.Validate();
                    Assert.Equal(code, r.Code);
                    Assert.True(r.Valid == false && r.IsDefiniteNo, code + " is a definite no");
                    Assert.False(File.Exists(h.PathOf("token.json")), code + " drops the token");
                    // Even with the API gone afterwards, the token stays gone.
                    h.Api.Down(4);
                    LicenseResult offline = c.Validate();
                    Assert.Equal(code, offline.Code, "offline after " + code);
                    Assert.False(offline.Ok, "not ok offline");
                }
            }
        }

        [Test]
        public void RestoredLicenseComesBackOnline()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Api.Answer(200, "{\"valid\":false,\"code\":\"REVOKED\"}");
                c.Validate();
                h.Api.Answer(200, ClientHarness.ValidBody(h.Tokens.ValidToken));
                Assert.Equal("VALID", c.Validate().Code, "valid again");
                Assert.Equal(LicenseCodes.ValidOffline, c.Status().Code, "offline grace again");
            }
        }

        [Test]
        public void NetworkDownFallsBackToTheToken()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Api.Down(4);
                LicenseResult r = c.Validate();
                Assert.Equal(LicenseCodes.ValidOffline, r.Code, "offline: " + r);
                Assert.True(r.Ok && r.Valid == true && r.Offline == true, "valid offline");
                Assert.True(r.Message.Contains("NETWORK"), "message names the network: " + r.Message);
                Assert.Equal(5, h.Api.Calls.Count, "1 activate + 4 tries");
                Assert.Equal(3, h.Sleeps.Count, "3 waits between 4 tries");
                Assert.True(h.Sleeps[0] < h.Sleeps[2], "backoff grows");
            }
        }

        [Test]
        public void NetworkDownWithoutTokenIsNetwork()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                File.Delete(h.PathOf("token.json"));
                h.Api.Down(4);
                LicenseResult r = c.Validate();
                Assert.Equal(LicenseCodes.Network, r.Code, "no token, no network: " + r);
                Assert.False(r.IsDefiniteNo, "not a definite no");
            }
        }

        [Test]
        public void ServerErrorsAreRetriedThenSucceed()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Api.Error(503, "UNAVAILABLE").Answer(500, "<html>oops</html>").Answer(200, ClientHarness.ValidBody(h.Tokens.ValidToken));
                LicenseResult r = c.Validate();
                Assert.Equal("VALID", r.Code, "third try: " + r);
                Assert.Equal(2, h.Sleeps.Count, "two waits");
            }
        }

        [Test]
        public void RateLimitHonoursRetryAfter_AndTooLongKeepsGrace()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Api.Error(429, "RATE_LIMITED", 7).Answer(200, ClientHarness.ValidBody(h.Tokens.ValidToken));
                Assert.Equal("VALID", c.Validate().Code, "after waiting");
                Assert.Equal(TimeSpan.FromSeconds(7), h.Sleeps[0], "waited Retry-After");

                h.Api.Error(429, "RATE_LIMITED", 3600);
                LicenseResult r = c.Validate();
                Assert.Equal(LicenseCodes.ValidOffline, r.Code, "gives up at once and keeps grace: " + r);
                Assert.True(r.Message.Contains("RATE_LIMITED"), "message names the API code");
                Assert.Equal(1, h.Sleeps.Count, "no wait for an hour-long Retry-After");
            }
        }

        [Test]
        public void ClientErrorsAreNotRetriedAndFallBackToTheToken()
        {
            // A 400 or a 404 from a wrong address says nothing about the license: the
            // stored token decides, as when the API is down.
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Api.Error(400, "INVALID_REQUEST");
                LicenseResult r = c.Validate();
                Assert.Equal(LicenseCodes.ValidOffline, r.Code, "offline decision: " + r);
                Assert.True(r.Message.Contains("INVALID_REQUEST"), "message names the API code: " + r.Message);
                Assert.Equal(0, h.Sleeps.Count, "no retry");
                Assert.True(File.Exists(h.PathOf("token.json")), "token kept");
                h.Api.Answer(200, "<html>captive portal</html>");
                Assert.Equal(LicenseCodes.ValidOffline, c.Validate().Code, "a 200 that is not the API's");
            }
        }

        [Test]
        public void OtherMachineTokenIsInvalid()
        {
            using (var h = new ClientHarness())
            {
                h.Activated();
                h.Options.Machine = new Identity.FixedMachineIdentity("another-machine-0002");
                LicenseResult r = h.Client().Status();
                Assert.Equal(LicenseCodes.OfflineTokenInvalid, r.Code, "fp mismatch: " + r);
                Assert.True(r.Message.Contains("another machine"), r.Message);
            }
        }

        [Test]
        public void ExpectedIssuerOverridesTheRecordedOrigin()
        {
            using (var h = new ClientHarness())
            {
                h.Activated();
                h.Options.ExpectedIssuer = "https://api.chartgpt.example";
                Assert.Equal(LicenseCodes.OfflineTokenInvalid, h.Client().Status().Code, "iss must match the configured issuer");
                h.Options.ExpectedIssuer = h.Tokens.Issuer;
                Assert.Equal(LicenseCodes.ValidOffline, h.Client().Status().Code, "matching issuer");
            }
        }
    }
}
