using System;
using System.IO;
using System.Linq;
using ChartGpt.Licensing.Json;

namespace ChartGpt.Licensing.Tests
{
    /// <summary>Activate / validate / deactivate / status against a scripted API.</summary>
    public class ClientTests
    {
        [Test]
        public void ActivateStoresAndReports()
        {
            using (var h = new ClientHarness())
            {
                h.Api.Answer(201, ClientHarness.ActivationBody(h.Tokens.ValidToken));
                LicenseResult r = h.Client().Activate("CGPT-TESTKEY", "Desk");
                Assert.True(r.Ok && r.Valid == true, "ok and valid: " + r);
                Assert.Equal(LicenseCodes.Activated, r.Code);
                Assert.Equal("act_1", r.ActivationId, "activation id");
                Assert.Equal(2, r.Seats.Value, "seats");
                Assert.Equal(1, r.SeatsUsed.Value, "seats used");
                Assert.NotNull(r.ExpiresAt, "expires_at from the token");
                Assert.Null(r.Message, "no warning for a token that verifies");
                JsonObject sent = h.Api.BodyOf(0);
                Assert.Equal("/v1/licenses/activate", h.Api.Calls[0].Url.AbsolutePath, "path");
                Assert.Equal("CGPT-TESTKEY", sent.GetString("license_key"), "key sent");
                Assert.Equal(h.Tokens.Fingerprint, sent.GetString("fingerprint"), "fingerprint sent");
                Assert.Equal("Desk", sent.GetString("name"), "name sent");
                Assert.NotNull(sent.GetObject("components"), "components sent");
                Assert.True(File.Exists(h.PathOf("license.json")) && File.Exists(h.PathOf("token.json")), "state written");
                Assert.False(File.ReadAllText(h.PathOf("license.json")).Contains("\"license_key\":\"\""), "key stored");

                LicenseResult s = h.Client().Status();
                Assert.Equal(LicenseCodes.ValidOffline, s.Code, "status after activation: " + s);
                Assert.True(h.Api.Calls.Count == 1, "status made no call");
            }
        }

        [Test]
        public void ActivateAgainIsAlreadyActive_AndUsesTheStoredKey()
        {
            using (var h = new ClientHarness())
            {
                h.Activated();
                h.Api.Answer(200, ClientHarness.ActivationBody(h.Tokens.ValidToken));
                LicenseResult r = h.Client().Activate();
                Assert.Equal(LicenseCodes.AlreadyActive, r.Code);
                Assert.Equal("CGPT-TESTKEY", h.Api.BodyOf(1).GetString("license_key"), "stored key reused");
            }
        }

        [Test]
        public void ActivateWithoutAnyKeyIsNoState()
        {
            using (var h = new ClientHarness())
            {
                LicenseResult r = h.Client().Activate();
                Assert.Equal(LicenseCodes.NoState, r.Code);
                Assert.Equal(0, h.Api.Calls.Count, "no call");
            }
        }

        [Test]
        public void SeatLimitIsADefiniteNo()
        {
            using (var h = new ClientHarness())
            {
                h.Api.Error(409, "SEAT_LIMIT_REACHED");
                LicenseResult r = h.Client().Activate("CGPT-TESTKEY");
                Assert.Equal("SEAT_LIMIT_REACHED", r.Code);
                Assert.True(r.IsDefiniteNo, "definite no");
                Assert.Equal(1, h.Api.Calls.Count, "409 is not retried");
            }
        }

        [Test]
        public void RevokedOnActivateDropsTheToken()
        {
            foreach (string code in new[] { "LICENSE_REVOKED", "LICENSE_SUSPENDED", "LICENSE_NOT_FOUND" })
            {
                using (var h = new ClientHarness())
                {
                    h.Activated();
                    h.Api.Error(code == "LICENSE_NOT_FOUND" ? 404 : 403, code);
                    LicenseResult r = h.Client().Activate();
                    Assert.Equal(code, r.Code);
                    Assert.False(File.Exists(h.PathOf("token.json")), code + " drops the token");
                    Assert.Equal(code, h.Client().Status().Code, "status remembers " + code);
                    Assert.True(h.Client().Status().IsDefiniteNo, "definite no");
                }
            }
        }

        [Test]
        public void ARouteNotFoundIsNoLicenseVerdict()
        {
            // 404 NOT_FOUND as an error (wrong API address, an older server) is not the
            // validate outcome NOT_FOUND: the token stays, and it is no definite "no".
            using (var h = new ClientHarness())
            {
                h.Activated();
                h.Api.Error(404, "NOT_FOUND");
                LicenseResult r = h.Client().Activate();
                Assert.Equal("NOT_FOUND", r.Code);
                Assert.False(r.IsDefiniteNo, "not a definite no");
                Assert.True(File.Exists(h.PathOf("token.json")), "token kept");
                h.Api.Error(404, "NOT_FOUND");
                Assert.False(h.Client().SignIn(null).IsDefiniteNo, "sign-in on a server without the device flow");
            }
        }

        [Test]
        public void AWrongKeyTypedOnALicensedMachineKeepsItsGrace()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Api.Error(404, "LICENSE_NOT_FOUND");
                Assert.Equal("LICENSE_NOT_FOUND", c.Activate("CGPT-TYPO").Code, "typo");
                Assert.Equal(LicenseCodes.ValidOffline, c.Status().Code, "the stored license is untouched");
            }
            using (var h = new ClientHarness())
            {
                h.Api.Error(404, "LICENSE_NOT_FOUND");
                Assert.Equal("LICENSE_NOT_FOUND", h.Client().Activate("CGPT-TYPO").Code, "typo on a fresh machine");
                Assert.Equal(LicenseCodes.NoState, h.Client().Status().Code, "still no state");
            }
        }

        [Test]
        public void DeactivateFreesTheSeat()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Api.Answer(200, "{\"deactivated\":true,\"license\":{\"id\":\"lic_1\",\"seats\":2,\"seats_used\":0}}");
                LicenseResult r = c.Deactivate();
                Assert.Equal(LicenseCodes.Deactivated, r.Code);
                Assert.Equal(0, r.SeatsUsed.Value, "seats used");
                Assert.Equal("/v1/licenses/deactivate", h.Api.Calls[1].Url.AbsolutePath, "path");
                Assert.False(File.Exists(h.PathOf("token.json")) || File.Exists(h.PathOf("license.json")), "key and token forgotten");
                LicenseResult s = c.Status();
                Assert.Equal(LicenseCodes.NoState, s.Code, "status after deactivation");
                Assert.True(s.Valid == false && s.IsDefiniteNo, "no license here");
                Assert.Equal(LicenseCodes.NoState, c.Activate().Code, "a new activation needs the key again");
                h.Api.Answer(201, ClientHarness.ActivationBody(h.Tokens.ValidToken));
                Assert.Equal(LicenseCodes.Activated, c.Activate("CGPT-TESTKEY").Code, "activates again");
            }
        }

        [Test]
        public void DeactivateWhoseFirstAnswerWasLostStillSucceeds()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Api.Down().Error(404, "ACTIVATION_NOT_FOUND");
                Assert.Equal(LicenseCodes.Deactivated, c.Deactivate().Code, "the retry finds the seat already free");
                h.Activated();
                h.Api.Error(404, "ACTIVATION_NOT_FOUND");
                LicenseResult r = c.Deactivate();
                Assert.Equal(LicenseCodes.ActivationNotFound, r.Code, "freed elsewhere");
                Assert.Equal(LicenseCodes.NoState, c.Status().Code, "local state cleared");
            }
        }

        [Test]
        public void DeactivationLimitIsNotRetried()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Api.Error(429, "DEACTIVATION_LIMIT_REACHED", null, "{\"next_allowed_at\":\"2030-01-01T00:00:00Z\"}");
                LicenseResult r = c.Deactivate();
                Assert.Equal("DEACTIVATION_LIMIT_REACHED", r.Code);
                Assert.True(r.Message.Contains("2030-01-01"), "says when: " + r.Message);
                Assert.Equal(0, h.Sleeps.Count, "not retried");
                Assert.True(File.Exists(h.PathOf("token.json")), "still activated");
            }
        }

        [Test]
        public void TokenThatDoesNotVerifyWarnsButOnlineAnswerStands()
        {
            using (var h = new ClientHarness())
            {
                h.Api.Answer(201, ClientHarness.ActivationBody(h.Tokens.Token("attacker-key")));
                LicenseResult r = h.Client().Activate("CGPT-TESTKEY");
                Assert.Equal(LicenseCodes.Activated, r.Code, "online answer");
                Assert.True(r.Message != null && r.Message.Contains("pinned"), "warning: " + r.Message);
                Assert.Equal(LicenseCodes.OfflineTokenInvalid, h.Client().Status().Code, "but offline it is not trusted");
            }
        }

        [Test]
        public void DefiniteNoClassification()
        {
            Assert.True(LicenseCodes.IsDefiniteNo("SEAT_LIMIT_REACHED"), "seat limit");
            Assert.True(LicenseCodes.IsDefiniteNo("OFFLINE_TOKEN_INVALID"), "tampered");
            Assert.False(LicenseCodes.IsDefiniteNo("NETWORK"), "network");
            Assert.True(LicenseCodes.IsDefiniteNo("NO_STATE"), "no license on this machine");
            Assert.False(LicenseCodes.IsDefiniteNo("RATE_LIMITED"), "rate limited");
            Assert.False(LicenseCodes.IsDefiniteNo("NOT_FOUND"), "a 404 error");
        }
    }
}
