using System;
using System.Collections.Generic;

namespace ChartGpt.Licensing
{
    /// <summary>
    /// The outcome of a license operation. Never thrown: the app decides what to show.
    /// <see cref="Valid"/> is what gates features; <see cref="Code"/> says why.
    /// </summary>
    public sealed class LicenseResult
    {
        public bool Ok { get; internal set; }
        public string Code { get; internal set; }
        /// <summary>Whether the app may run licensed; null for operations that do not answer that (deactivate, sync).</summary>
        public bool? Valid { get; internal set; }
        /// <summary>True when the answer came from the stored token, not the API.</summary>
        public bool? Offline { get; internal set; }
        public DateTime? ExpiresAt { get; internal set; }
        public string LicenseId { get; internal set; }
        public string ActivationId { get; internal set; }
        public int? Seats { get; internal set; }
        public int? SeatsUsed { get; internal set; }
        public IList<string> Entitlements { get; internal set; }
        public string UserCode { get; internal set; }
        public string VerificationUri { get; internal set; }
        public string Message { get; internal set; }

        /// <summary>
        /// A definite "no" (invalid, revoked, seat limit, no license here…), as opposed to
        /// "could not tell". The validate outcomes NOT_FOUND &amp; co count only as outcomes
        /// (Valid == false), not as plain errors such as a 404 from a wrong address.
        /// </summary>
        public bool IsDefiniteNo
        {
            get { return LicenseCodes.EndsOfflineGrace(Code) ? Valid == false : LicenseCodes.IsDefiniteNo(Code); }
        }

        internal static LicenseResult Fail(string code, string message)
        {
            return new LicenseResult { Ok = false, Code = code, Message = message };
        }

        public override string ToString()
        {
            return Code + (Message != null ? ": " + Message : "");
        }
    }
}
