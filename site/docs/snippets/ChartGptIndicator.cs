// A NinjaTrader 8 indicator calling the license check from OnStateChange. NinjaTrader
// calls OnStateChange for many reasons (SetDefaults also runs whenever it lists
// indicators): start the check once per session, on a worker thread, and never wait
// for it on NinjaTrader's threads.
using ChartGpt.Licensing;
using NinjaTrader.NinjaScript.AddOns.ChartGpt;

namespace NinjaTrader.NinjaScript.Indicators
{
    public class ChartGptPanel : Indicator
    {
        protected override void OnStateChange()
        {
            if (State == State.SetDefaults)
            {
                Name = "ChartGPT";
                Description = "Ask your AI about this chart.";
                IsOverlay = true;
                // No network here.
            }
            else if (State == State.DataLoaded)
            {
                ChartGptLicense.CheckOnce().ContinueWith(check =>
                {
                    LicenseResult result = check.Result;
                    if (result.Valid != true) Print("ChartGPT: " + LicenseActions.Explain(result));
                });
            }
        }

        protected override void OnBarUpdate()
        {
            // Nothing licensed per bar. Before each AI request (a button click, say):
            //   if (!ChartGptLicense.IsLicensed) { show the License window; return; }
        }
    }
}
