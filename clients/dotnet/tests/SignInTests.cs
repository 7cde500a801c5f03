using System;
using System.IO;
using System.Threading;

namespace ChartGpt.Licensing.Tests
{
    /// <summary>Device sign-in against a scripted API (API.md "Desktop sign-in").</summary>
    public class SignInTests
    {
        private const string Authorize = "{\"device_code\":\"dc_secret\",\"user_code\":\"BCDF-GHJK\",\"verification_uri\":\"http://127.0.0.1:8788/activate/\"," +
            "\"verification_uri_complete\":\"http://127.0.0.1:8788/activate/?code=BCDF-GHJK\",\"expires_in\":600,\"interval\":5}";

        private static string Approved(string token)
        {
            return "{\"license_key\":\"CGPT-FROMDEVICE\",\"activation\":{\"id\":\"act_9\"},\"license\":{\"id\":\"lic_1\",\"seats\":2,\"seats_used\":2},\"token\":\"" + token + "\"}";
        }

        [Test]
        public void PollsAtTheIntervalSlowsDownAndStores()
        {
            using (var h = new ClientHarness())
            {
                h.Api.Answer(200, Authorize)
                    .Error(400, "AUTHORIZATION_PENDING")
                    .Error(400, "SLOW_DOWN")
                    .Error(400, "AUTHORIZATION_PENDING")
                    .Answer(200, Approved(h.Tokens.ValidToken));
                DeviceAuthorization shown = null;
                int callsWhenShown = -1;
                LicenseResult r = h.Client().SignIn(a => { shown = a; callsWhenShown = h.Api.Calls.Count; }, "Desk");
                Assert.Equal(LicenseCodes.Activated, r.Code, "approved: " + r);
                Assert.Equal("BCDF-GHJK", r.UserCode, "user code in result");
                Assert.Equal("act_9", r.ActivationId, "activation");
                Assert.NotNull(shown, "code shown");
                Assert.Equal(1, callsWhenShown, "shown right after authorize, before polling");
                Assert.Equal("/v1/device/authorize", h.Api.Calls[0].Url.AbsolutePath, "authorize path");
                Assert.Equal(h.Tokens.Fingerprint, h.Api.BodyOf(0).GetString("fingerprint"), "fingerprint sent");
                Assert.NotNull(h.Api.BodyOf(0).GetObject("components"), "components sent");
                Assert.Equal("dc_secret", h.Api.BodyOf(1).GetString("device_code"), "device code polled");
                Assert.Equal("5,5,10,10", string.Join(",", h.Sleeps.ConvertAll(s => s.TotalSeconds.ToString())), "interval, +5 s after SLOW_DOWN");
                Assert.Equal(LicenseCodes.ValidOffline, h.Client().Status().Code, "stored like an activation");
                Assert.True(File.ReadAllText(h.PathOf("license.json")).Contains("CGPT-FROMDEVICE"), "license key stored");
            }
        }

        [Test]
        public void DeniedAndExpiredEndThePolling()
        {
            using (var h = new ClientHarness())
            {
                h.Api.Answer(200, Authorize).Error(400, "ACCESS_DENIED");
                LicenseResult r = h.Client().SignIn(null);
                Assert.Equal(LicenseCodes.AccessDenied, r.Code);
                Assert.True(r.IsDefiniteNo, "denied is a definite no");
                Assert.False(File.Exists(h.PathOf("license.json")), "nothing stored");
            }
            using (var h = new ClientHarness())
            {
                h.Api.Answer(200, Authorize).Error(400, "EXPIRED_TOKEN");
                Assert.Equal(LicenseCodes.ExpiredToken, h.Client().SignIn(null).Code, "expired");
            }
        }

        [Test]
        public void GivesUpAtExpiresInWithoutAnAnswer()
        {
            using (var h = new ClientHarness())
            {
                h.Api.Answer(200, Authorize.Replace("\"expires_in\":600", "\"expires_in\":12"));
                for (int i = 0; i < 3; i++) h.Api.Error(400, "AUTHORIZATION_PENDING");
                LicenseResult r = h.Client().SignIn(null);
                Assert.Equal(LicenseCodes.ExpiredToken, r.Code, "deadline: " + r);
                Assert.Equal(0, h.Api.Pending, "polled until the deadline");
            }
        }

        [Test]
        public void TransientErrorsWhilePollingKeepWaiting()
        {
            using (var h = new ClientHarness())
            {
                h.Options.Retry = Http.RetryPolicy.None();
                h.Api.Answer(200, Authorize).Error(503, "UNAVAILABLE").Down().Answer(200, Approved(h.Tokens.ValidToken));
                Assert.Equal(LicenseCodes.Activated, h.Client().SignIn(null).Code, "approved after blips");
            }
        }

        [Test]
        public void CancelStopsSignIn()
        {
            using (var h = new ClientHarness())
            {
                var cts = new CancellationTokenSource();
                h.Options.Sleep = (t, c) => { cts.Cancel(); c.ThrowIfCancellationRequested(); };
                h.Api.Answer(200, Authorize);
                Assert.Equal(LicenseCodes.Cancelled, h.Client().SignIn(null, null, cts.Token).Code, "cancelled");
            }
        }

        [Test]
        public void AuthorizeErrorsAreReported()
        {
            using (var h = new ClientHarness())
            {
                h.Api.Error(404, "NOT_FOUND");
                Assert.Equal("NOT_FOUND", h.Client().SignIn(null).Code, "server without device flow");
            }
        }
    }
}
