using System;
using ChartGpt.Licensing.Http;

namespace ChartGpt.Licensing.Tests
{
    public class RetryTests
    {
        [Test]
        public void TransientIsNetwork_5xx_And429()
        {
            Assert.True(RetryPolicy.IsTransient(0, "NETWORK"), "no reply");
            Assert.True(RetryPolicy.IsTransient(503, "UNAVAILABLE"), "503");
            Assert.True(RetryPolicy.IsTransient(500, "INTERNAL"), "500");
            Assert.True(RetryPolicy.IsTransient(429, "RATE_LIMITED"), "429");
            Assert.False(RetryPolicy.IsTransient(429, "DEACTIVATION_LIMIT_REACHED"), "30-day limit");
            Assert.False(RetryPolicy.IsTransient(409, "SEAT_LIMIT_REACHED"), "409");
            Assert.False(RetryPolicy.IsTransient(400, "INVALID_REQUEST"), "400");
            Assert.False(RetryPolicy.IsTransient(403, "LICENSE_REVOKED"), "403");
        }

        [Test]
        public void BackoffGrowsWithJitterAndStops()
        {
            var p = new RetryPolicy();
            Assert.Equal(TimeSpan.FromMilliseconds(250), p.NextDelay(1, null, 0).Value, "first, no jitter low end");
            Assert.Equal(TimeSpan.FromMilliseconds(500), p.NextDelay(1, null, 0.999999).Value.RoundMs(), "first, high end");
            Assert.Equal(TimeSpan.FromMilliseconds(1000), p.NextDelay(2, null, 0.999999).Value.RoundMs(), "second");
            Assert.Equal(TimeSpan.FromMilliseconds(2000), p.NextDelay(3, null, 0.999999).Value.RoundMs(), "third");
            Assert.Null(p.NextDelay(4, null, 0.5), "four tries then stop");
            var big = new RetryPolicy { MaxAttempts = 20 };
            Assert.True(big.NextDelay(15, null, 0.999999).Value <= big.MaxDelay, "capped at MaxDelay");
            Assert.True(big.NextDelay(15, null, 0).Value >= TimeSpan.FromMilliseconds(big.MaxDelay.TotalMilliseconds / 2), "at least half the cap");
        }

        [Test]
        public void RetryAfterIsHonouredWithinBounds()
        {
            var p = new RetryPolicy();
            Assert.Equal(TimeSpan.FromSeconds(10), p.NextDelay(1, TimeSpan.FromSeconds(10), 0.5).Value, "Retry-After longer than backoff");
            Assert.Equal(TimeSpan.FromMilliseconds(375), p.NextDelay(1, TimeSpan.Zero, 0.5).Value, "Retry-After 0 keeps backoff");
            Assert.Null(p.NextDelay(1, TimeSpan.FromMinutes(5), 0.5), "too long: give up and report");
        }

        [Test]
        public void RetryAfterHeaderParsing()
        {
            DateTime now = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            Assert.Equal(TimeSpan.FromSeconds(120), HttpDates.ParseRetryAfter("120", now).Value, "seconds");
            Assert.Equal(TimeSpan.FromSeconds(30), HttpDates.ParseRetryAfter("Tue, 01 Jan 2030 00:00:30 GMT", now).Value, "http date");
            Assert.Equal(TimeSpan.Zero, HttpDates.ParseRetryAfter("Mon, 31 Dec 2029 00:00:00 GMT", now).Value, "past date");
            Assert.Null(HttpDates.ParseRetryAfter("soon", now), "garbage");
            Assert.Null(HttpDates.ParseRetryAfter("-5", now), "negative");
            Assert.Equal(now, HttpDates.Parse("Tue, 01 Jan 2030 00:00:00 GMT").Value, "Date header");
        }
    }

    internal static class TimeSpanExt
    {
        public static TimeSpan RoundMs(this TimeSpan t) { return TimeSpan.FromMilliseconds(Math.Round(t.TotalMilliseconds)); }
    }
}
