// The few NinjaTrader 8 types the docs' indicator snippet uses, with NinjaTrader's
// signatures (NinjaTrader.Core.dll exists only inside a NinjaTrader install), so that
// site/docs/snippets/ChartGptIndicator.cs is compiled here like the rest of the guide.
namespace NinjaTrader.NinjaScript
{
    public enum State { SetDefaults, Configure, Active, DataLoaded, Historical, Transition, Realtime, Terminated, Finalized }

    public abstract class NinjaScriptBase
    {
        public State State { get; set; }
        public string Name { get; set; }
        public string Description { get; set; }
        public System.Collections.Generic.List<string> Printed = new System.Collections.Generic.List<string>();
        protected virtual void OnStateChange() { }
        public void Print(object value) { lock (Printed) Printed.Add(value == null ? "" : value.ToString()); }
        /// <summary>How NinjaTrader drives a script: set the state, call OnStateChange.</summary>
        public void SetState(State state) { State = state; OnStateChange(); }
    }
}

namespace NinjaTrader.NinjaScript.Indicators
{
    public abstract class Indicator : NinjaScriptBase
    {
        public bool IsOverlay { get; set; }
        protected virtual void OnBarUpdate() { }
    }
}
