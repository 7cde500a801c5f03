using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyTitle("ChartGpt.Licensing")]
[assembly: AssemblyDescription("License client for ChartGPT desktop apps: activation, offline grace, device sign-in, sync.")]
[assembly: AssemblyVersion("1.0.0.0")]
// The tests exercise internals (state store, clock, timings) of the built DLL itself.
[assembly: InternalsVisibleTo("ChartGpt.Licensing.Tests")]
