using System;
using System.IO;

namespace ChartGpt.Licensing.Tests
{
    /// <summary>Where the test inputs are; scripts/test-dotnet.mjs sets these variables.</summary>
    public static class Fixtures
    {
        public static string Wycheproof
        {
            get { return Required("CGPT_WYCHEPROOF"); }
        }

        /// <summary>The shared machine-identity vectors (clients/vectors/machine-identity.json), also read by the TypeScript tests.</summary>
        public static string MachineVectors
        {
            get { return Required("CGPT_MACHINE_VECTORS"); }
        }

        /// <summary>Directory with jose-signed tokens and their JWKS, or null when not generated.</summary>
        public static string TokenDir { get { return Environment.GetEnvironmentVariable("CGPT_TOKEN_FIXTURES"); } }

        /// <summary>Base URL of the node mock server (sync, device flow, live feed), or null.</summary>
        public static string MockApi { get { return Environment.GetEnvironmentVariable("CGPT_MOCK_API"); } }

        private static string Required(string name)
        {
            string v = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(v) || !File.Exists(v)) throw new AssertionException(name + " is not set to an existing file");
            return v;
        }

        public static string TempDir()
        {
            string d = Path.Combine(Path.GetTempPath(), "cgpt-test-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(d);
            return d;
        }
    }
}
