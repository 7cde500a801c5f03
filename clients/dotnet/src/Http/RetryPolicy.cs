using System;

namespace ChartGpt.Licensing.Http
{
    /// <summary>
    /// When and how long to wait before trying a request again. Network errors, 5xx and
    /// 429 are transient; everything else is an answer. Delays grow exponentially with
    /// jitter (so a fleet of apps does not retry in lockstep after an outage) and a
    /// server's Retry-After is honoured; a Retry-After longer than <see cref="MaxRetryAfter"/>
    /// ends the retries instead of blocking the app.
    /// </summary>
    public sealed class RetryPolicy
    {
        /// <summary>Total tries, the first included.</summary>
        public int MaxAttempts { get; set; }
        public TimeSpan BaseDelay { get; set; }
        public TimeSpan MaxDelay { get; set; }
        public TimeSpan MaxRetryAfter { get; set; }

        public RetryPolicy()
        {
            MaxAttempts = 4;
            BaseDelay = TimeSpan.FromMilliseconds(500);
            MaxDelay = TimeSpan.FromSeconds(8);
            MaxRetryAfter = TimeSpan.FromSeconds(30);
        }

        /// <summary>No retries at all (tests, or a caller with its own loop).</summary>
        public static RetryPolicy None() { return new RetryPolicy { MaxAttempts = 1 }; }

        /// <summary>Whether a reply with this status (0 = no reply) and error code may succeed if sent again.</summary>
        public static bool IsTransient(int status, string code)
        {
            if (status == 0 || status >= 500) return true;
            // DEACTIVATION_LIMIT_REACHED is a 429 about a 30-day window: retrying cannot help.
            return status == 429 && code != "DEACTIVATION_LIMIT_REACHED";
        }

        /// <summary>
        /// The wait before try number <paramref name="attemptsDone"/> + 1, or null to stop.
        /// <paramref name="random01"/> is a uniform number in [0, 1) for the jitter.
        /// </summary>
        public TimeSpan? NextDelay(int attemptsDone, TimeSpan? retryAfter, double random01)
        {
            if (attemptsDone >= MaxAttempts) return null;
            if (retryAfter.HasValue && retryAfter.Value > MaxRetryAfter) return null;
            double cap = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attemptsDone - 1));
            // "Equal jitter": between half and all of the exponential step.
            double ms = cap / 2 + cap / 2 * random01;
            if (retryAfter.HasValue && retryAfter.Value.TotalMilliseconds > ms) ms = retryAfter.Value.TotalMilliseconds;
            return TimeSpan.FromMilliseconds(ms);
        }
    }
}
