using System;
using System.Reflection;
using ChartGpt.Licensing;
using NinjaTrader.NinjaScript.AddOns.ChartGpt;
using NinjaTrader.NinjaScript.Indicators;
using NtState = NinjaTrader.NinjaScript.State;

namespace ChartGpt.Licensing.Tests
{
    /// <summary>
    /// The integration guide's C# snippets (site/docs/snippets/*.cs) are compiled into this
    /// test program; these tests run the parts that need no network.
    /// </summary>
    public class DocsSnippetTests
    {
        private static LicenseResult Result(string code)
        {
            return new LicenseResult { Code = code, ExpiresAt = DateTime.UtcNow.AddDays(3) };
        }

        [Test]
        public void ExplainTellsTheCustomerSomethingSpecificForEveryLicenseCode()
        {
            string fallback = LicenseActions.Explain(Result(LicenseCodes.Network));
            foreach (FieldInfo f in typeof(LicenseCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                string code = (string)f.GetValue(null);
                // Codes of other calls (sync, sign-in polling) or that only mean "could not tell".
                if (Array.IndexOf(new[] { "OK", "NETWORK", "CANCELLED", "AUTHORIZATION_PENDING", "SLOW_DOWN", "ACCESS_DENIED", "EXPIRED_TOKEN",
                    "REVISION_CONFLICT", "UNAUTHORIZED", "ACTIVATION_NOT_FOUND" }, code) >= 0) continue;
                Assert.True(LicenseActions.Explain(Result(code)) != fallback, code + " falls through to the network message");
            }
        }

        [Test]
        public void TheIndicatorStartsNoCheckWhileNinjaTraderOnlyListsIt()
        {
            var indicator = new ChartGptPanel();
            indicator.SetState(NtState.SetDefaults);
            Assert.Equal("ChartGPT", indicator.Name, "name set in SetDefaults");
            Assert.True(indicator.IsOverlay, "overlay");
            Assert.Equal(0, indicator.Printed.Count, "nothing printed");
        }
    }
}
