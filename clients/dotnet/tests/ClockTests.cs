using System;
using System.IO;

namespace ChartGpt.Licensing.Tests
{
    /// <summary>Offline time checks: expiry and the clock high-water mark.</summary>
    public class ClockTests
    {
        [Test]
        public void ClockSetBackMoreThanAnHourIsRollback()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Clock.UtcNow = h.Tokens.Now.AddMinutes(-50);
                Assert.Equal(LicenseCodes.ValidOffline, c.Status().Code, "50 minutes back is tolerated");
                h.Clock.UtcNow = h.Tokens.Now.AddHours(-2);
                LicenseResult r = c.Status();
                Assert.Equal(LicenseCodes.ClockRollback, r.Code, "2 hours back");
                Assert.True(r.IsDefiniteNo, "definite no");
            }
        }

        [Test]
        public void HighWaterMarkFollowsTheLatestTimeSeen()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Clock.UtcNow = h.Tokens.Now.AddDays(5);
                h.Api.Down(4);
                Assert.Equal(LicenseCodes.ValidOffline, c.Validate().Code, "day 5 offline");
                h.Clock.UtcNow = h.Tokens.Now.AddDays(1);
                Assert.Equal(LicenseCodes.ClockRollback, c.Status().Code, "back to day 1 after day 5 was seen");
                h.Clock.UtcNow = h.Tokens.Now.AddDays(5).AddMinutes(-30);
                Assert.Equal(LicenseCodes.ValidOffline, c.Status().Code, "within the tolerance");
            }
        }

        [Test]
        public void StatusWritesNothing()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Clock.UtcNow = h.Tokens.Now.AddDays(5);
                c.Status();
                h.Clock.UtcNow = h.Tokens.Now.AddDays(1);
                Assert.Equal(LicenseCodes.ValidOffline, c.Status().Code, "status did not move the mark");
            }
        }

        [Test]
        public void ServerDateMovesTheMark()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                // The API is in trouble (503) but its Date header says day 3.
                h.Api.Date = h.Tokens.Now.AddDays(3);
                h.Api.Error(503, "UNAVAILABLE").Error(503, "UNAVAILABLE").Error(503, "UNAVAILABLE").Error(503, "UNAVAILABLE");
                LicenseResult r = c.Validate();
                Assert.Equal(LicenseCodes.ClockRollback, r.Code, "local clock (day 0) is 3 days behind the server: " + r);
            }
        }

        [Test]
        public void OnlineAnswerResetsAMarkThatRanAhead()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Clock.UtcNow = h.Tokens.Now.AddDays(10); // clock ran ahead once
                h.Api.Down(4);
                c.Validate();
                h.Clock.UtcNow = h.Tokens.Now;               // fixed again
                h.Api.Date = h.Tokens.Now;
                h.Api.Answer(200, ClientHarness.ValidBody(h.Tokens.ValidToken));
                Assert.Equal("VALID", c.Validate().Code, "online");
                Assert.Equal(LicenseCodes.ValidOffline, c.Status().Code, "the server's time replaced the mark");
            }
        }

        [Test]
        public void OnlineAnswerWithoutDateUsesTheSignedIat()
        {
            // A local stack (workerd) sends no Date header: the token's iat is the server's time.
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Clock.UtcNow = h.Tokens.Now.AddDays(10);
                h.Api.Answer(200, ClientHarness.ValidBody(h.Tokens.ValidToken));
                Assert.Equal("VALID", c.Validate().Code, "online while the local clock is 10 days ahead");
                h.Clock.UtcNow = h.Tokens.Now;
                Assert.Equal(LicenseCodes.ValidOffline, c.Status().Code, "the mark is the signed iat, not the wrong local clock");
            }
        }

        [Test]
        public void ExpiredTokenIsOfflineExpired()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Clock.UtcNow = h.Tokens.Now.AddDays(15);
                LicenseResult r = c.Status();
                Assert.Equal(LicenseCodes.OfflineExpired, r.Code, "day 15");
                Assert.True(r.Valid == false && r.IsDefiniteNo, "invalid");
                Assert.NotNull(r.ExpiresAt, "says when it expired");
            }
        }

        [Test]
        public void EditedClockFileIsRollback()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                string p = h.PathOf("clock.json");
                File.WriteAllText(p, File.ReadAllText(p).Replace("\"high_water\":1", "\"high_water\":0"));
                Assert.Equal(LicenseCodes.ClockRollback, c.Status().Code, "edited mark");
                File.Delete(p);
                Assert.Equal(LicenseCodes.ValidOffline, c.Status().Code, "a missing mark falls back to the token's iat");
                h.Clock.UtcNow = h.Tokens.Now.AddHours(-3);
                Assert.Equal(LicenseCodes.ClockRollback, c.Status().Code, "…which still catches a clock before iat");
            }
        }

        [Test]
        public void TokenIssuedInTheFutureMeansTheClockIsBehind()
        {
            // iat is the server's signed time: a local clock 2 days before it was set back.
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                new State.StateStore(h.Dir, new State.FilePermissionProtector()).WriteToken(h.Tokens.Token("future-iat"));
                Assert.Equal(LicenseCodes.ClockRollback, c.Status().Code, "iat two days ahead of the local clock");
                h.Clock.UtcNow = h.Tokens.Now.AddDays(2);
                Assert.Equal(LicenseCodes.ValidOffline, c.Status().Code, "fine once the clock reaches it");
            }
        }

        [Test]
        public void ClockParsesIsoTimes()
        {
            Assert.Equal(new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc), FixedClock.Parse("2030-01-02T03:04:05Z").UtcNow, "Z");
            Assert.Equal(new DateTime(2030, 1, 2, 1, 4, 5, DateTimeKind.Utc), FixedClock.Parse("2030-01-02T03:04:05+02:00").UtcNow, "offset");
            Assert.Equal(new DateTime(2030, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc), FixedClock.Parse("2030-01-02T03:04:05.678Z").UtcNow, "millis");
            Assert.Null(FixedClock.Parse("yesterday"), "not a time");
        }
    }
}
