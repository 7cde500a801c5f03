using System;
using System.Globalization;

namespace ChartGpt.Licensing
{
    /// <summary>The local clock, replaceable for tests (the one thing offline checks must not take on faith).</summary>
    public interface IClock
    {
        DateTime UtcNow { get; }
    }

    public sealed class SystemClock : IClock
    {
        public static readonly SystemClock Instance = new SystemClock();
        public DateTime UtcNow { get { return DateTime.UtcNow; } }
    }

    /// <summary>A clock stopped at one instant.</summary>
    public sealed class FixedClock : IClock
    {
        public FixedClock(DateTime utc) { UtcNow = utc.ToUniversalTime(); }
        public DateTime UtcNow { get; set; }

        /// <summary>Parses an ISO-8601 time (Z or offset); null when it is not one.</summary>
        public static FixedClock Parse(string iso)
        {
            DateTime d;
            if (!DateTime.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out d)) return null;
            return new FixedClock(DateTime.SpecifyKind(d, DateTimeKind.Utc));
        }
    }
}
