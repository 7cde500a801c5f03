namespace ChartGpt.Licensing
{
    /// <summary>
    /// The outcome codes a <see cref="LicenseResult"/> can carry: the API's (validate
    /// outcomes, error codes) plus the client's own. See CLIENTS.md.
    /// </summary>
    public static class LicenseCodes
    {
        // Online answers.
        public const string Activated = "ACTIVATED";
        public const string AlreadyActive = "ALREADY_ACTIVE";
        public const string Valid = "VALID";
        public const string Deactivated = "DEACTIVATED";
        public const string Ok = "OK";
        // Final validate outcomes: they end offline grace at once.
        public const string NotFound = "NOT_FOUND";
        public const string NotActivated = "NOT_ACTIVATED";
        public const string Suspended = "SUSPENDED";
        public const string Revoked = "REVOKED";
        // Final activate errors.
        public const string LicenseNotFound = "LICENSE_NOT_FOUND";
        public const string LicenseRevoked = "LICENSE_REVOKED";
        public const string LicenseSuspended = "LICENSE_SUSPENDED";
        public const string SeatLimitReached = "SEAT_LIMIT_REACHED";
        public const string ActivationNotFound = "ACTIVATION_NOT_FOUND";
        public const string DeactivationLimitReached = "DEACTIVATION_LIMIT_REACHED";
        // Device sign-in.
        public const string AuthorizationPending = "AUTHORIZATION_PENDING";
        public const string SlowDown = "SLOW_DOWN";
        public const string AccessDenied = "ACCESS_DENIED";
        public const string ExpiredToken = "EXPIRED_TOKEN";
        // Sync.
        public const string RevisionConflict = "REVISION_CONFLICT";
        public const string Unauthorized = "UNAUTHORIZED";
        // The client's own.
        public const string ValidOffline = "VALID_OFFLINE";
        public const string OfflineExpired = "OFFLINE_EXPIRED";
        public const string OfflineTokenInvalid = "OFFLINE_TOKEN_INVALID";
        public const string ClockRollback = "CLOCK_ROLLBACK";
        public const string NoState = "NO_STATE";
        public const string Network = "NETWORK";
        public const string Cancelled = "CANCELLED";

        /// <summary>
        /// Codes that are a definite "no" about this license on this machine whatever call
        /// they came from (the CLI exits 2 for license commands). NO_STATE counts: this
        /// machine holds no license. A plain NOT_FOUND is not among them: as an
        /// error it can mean a missing route; as a validate outcome the result is
        /// <c>Valid == false</c>, which already says "no".
        /// </summary>
        public static bool IsDefiniteNo(string code)
        {
            switch (code)
            {
                case NotActivated: case Suspended: case Revoked:
                case LicenseNotFound: case LicenseRevoked: case LicenseSuspended:
                case SeatLimitReached: case DeactivationLimitReached: case AccessDenied:
                case OfflineExpired: case OfflineTokenInvalid: case ClockRollback: case NoState:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Validate outcomes (a 200 answer) after which the stored token must not be trusted any more.</summary>
        internal static bool EndsOfflineGrace(string code)
        {
            switch (code)
            {
                case NotFound: case NotActivated: case Suspended: case Revoked:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Error answers (403/404 on activate or deactivate) that end offline grace.</summary>
        internal static bool ErrorEndsOfflineGrace(string code)
        {
            return code == LicenseNotFound || code == LicenseRevoked || code == LicenseSuspended;
        }
    }
}
