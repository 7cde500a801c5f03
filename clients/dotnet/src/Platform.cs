using System;
using System.IO;

namespace ChartGpt.Licensing
{
    /// <summary>Which operating system we run on (Mono reports Unix for Linux and macOS).</summary>
    public static class Platform
    {
        public static bool IsWindows
        {
            get
            {
                PlatformID p = Environment.OSVersion.Platform;
                return p == PlatformID.Win32NT || p == PlatformID.Win32Windows || p == PlatformID.Win32S;
            }
        }

        /// <summary>The <c>platform</c> field sent to the API: windows, macos or linux.</summary>
        public static string Name
        {
            get
            {
                if (IsWindows) return "windows";
                return Directory.Exists("/System/Library/CoreServices") ? "macos" : "linux";
            }
        }
    }
}
