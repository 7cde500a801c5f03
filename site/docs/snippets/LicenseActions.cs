// The five calls, each off the UI thread, and what to tell the customer for each code.
// None of them throws for an API or network outcome: read Valid and Code.
using System;
using System.Threading;
using System.Threading.Tasks;
using ChartGpt.Licensing;

namespace NinjaTrader.NinjaScript.AddOns.ChartGpt
{
    public static class LicenseActions
    {
        /// <summary>The License window's Activate button: takes a seat for this computer.</summary>
        public static async Task<string> ActivateAsync(string licenseKey)
        {
            LicenseResult r = await Task.Run(() => ChartGptLicense.Client.Activate(licenseKey));
            ChartGptLicense.Recheck();
            return Explain(r);
        }

        /// <summary>At start-up (ChartGptLicense.CheckOnce does this) and every few hours.</summary>
        public static Task<LicenseResult> ValidateAsync()
        {
            return Task.Run(() => ChartGptLicense.Client.Validate());
        }

        /// <summary>"Move to another computer": frees the seat and forgets key and token here.</summary>
        public static async Task<string> DeactivateAsync()
        {
            LicenseResult r = await Task.Run(() => ChartGptLicense.Client.Deactivate());
            ChartGptLicense.Recheck();
            return Explain(r);
        }

        /// <summary>What the stored state says, without the network (a status line, say).</summary>
        public static string StatusLine()
        {
            return Explain(ChartGptLicense.Client.Status());
        }

        /// <summary>Sign-in without a key: shows a code the customer approves in the portal.</summary>
        public static async Task<string> SignInAsync(Action<string, string> showCode, CancellationToken cancel)
        {
            LicenseResult r = await Task.Run(() => ChartGptLicense.Client.SignIn(
                code => showCode(code.UserCode, code.VerificationUri), null, cancel));
            ChartGptLicense.Recheck();
            return Explain(r);
        }

        public static string Explain(LicenseResult r)
        {
            switch (r.Code)
            {
                case LicenseCodes.Activated:
                case LicenseCodes.AlreadyActive:
                case LicenseCodes.Valid:
                    return "Licensed.";
                case LicenseCodes.ValidOffline:
                    return "Licensed (offline until " + r.ExpiresAt.Value.ToLocalTime().ToString("d") + ").";
                case LicenseCodes.OfflineExpired:
                    return "Connect to the internet to renew your license.";
                case LicenseCodes.ClockRollback:
                    return "Your computer's clock is behind: fix it, then connect to the internet.";
                case LicenseCodes.OfflineTokenInvalid:
                case LicenseCodes.NoState:
                    return "Activate ChartGPT with your license key.";
                case LicenseCodes.SeatLimitReached:
                    return "Every seat is in use: deactivate a computer in the customer portal.";
                case LicenseCodes.Revoked:
                case LicenseCodes.LicenseRevoked:
                    return "This license was revoked. See the customer portal.";
                case LicenseCodes.Suspended:
                case LicenseCodes.LicenseSuspended:
                    return "This license is suspended while a payment dispute is open.";
                case LicenseCodes.NotActivated:
                    return "This computer no longer holds a seat: activate it again.";
                case LicenseCodes.NotFound:
                case LicenseCodes.LicenseNotFound:
                    return "No license matches this key: check the key in your email.";
                case LicenseCodes.DeactivationLimitReached:
                    return "Too many computer moves this month: contact support.";
                case LicenseCodes.Deactivated:
                    return "This computer's seat is free.";
                case LicenseCodes.AccessDenied:
                    return "The sign-in was denied in the customer portal.";
                case LicenseCodes.ExpiredToken:
                    return "The code expired before it was approved: sign in again for a new one.";
                case LicenseCodes.Cancelled:
                    return "Sign-in cancelled.";
                default:
                    // NETWORK, RATE_LIMITED, UNAVAILABLE…: could not find out, and no usable token.
                    return "Could not reach the license server; try again later.";
            }
        }
    }
}
