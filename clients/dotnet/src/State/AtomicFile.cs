using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace ChartGpt.Licensing.State
{
    /// <summary>
    /// Whole-file writes that never leave a half-written state file: write a temporary
    /// file beside the target, flush it to disk, then rename it over the target (an
    /// atomic replace on both NTFS and POSIX file systems). Outside Windows the file is
    /// made 0600 before any byte is written and the directory 0700, through libc's chmod
    /// (Mono.Posix is not always present).
    /// </summary>
    public static class AtomicFile
    {
        public static void WriteAllText(string path, string text)
        {
            string dir = Path.GetDirectoryName(Path.GetFullPath(path));
            EnsurePrivateDirectory(dir);
            string tmp = path + ".tmp-" + Guid.NewGuid().ToString("N").Substring(0, 12);
            try
            {
                using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    if (!Platform.IsWindows) Chmod(tmp, Convert.ToInt32("600", 8));
                    byte[] bytes = new UTF8Encoding(false).GetBytes(text);
                    fs.Write(bytes, 0, bytes.Length);
                    fs.Flush(true);
                }
                Replace(tmp, path);
            }
            finally
            {
                if (File.Exists(tmp)) File.Delete(tmp);
            }
        }

        /// <summary>Reads a file, or null when it does not exist or cannot be read.</summary>
        public static string ReadAllText(string path)
        {
            try { return File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8) : null; }
            catch (IOException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
        }

        public static void EnsurePrivateDirectory(string dir)
        {
            if (Directory.Exists(dir)) return;
            Directory.CreateDirectory(dir);
            if (!Platform.IsWindows) Chmod(dir, Convert.ToInt32("700", 8));
        }

        private static void Replace(string from, string to)
        {
            if (Platform.IsWindows)
            {
                const int MOVEFILE_REPLACE_EXISTING = 1, MOVEFILE_WRITE_THROUGH = 8;
                if (!MoveFileEx(from, to, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
                    throw new IOException("cannot replace " + to, new Win32Exception(Marshal.GetLastWin32Error()));
            }
            else if (rename(from, to) != 0)
            {
                throw new IOException("cannot rename onto " + to + " (errno " + Marshal.GetLastWin32Error() + ")");
            }
        }

        internal static void Chmod(string path, int mode)
        {
            if (chmod(path, (uint)mode) != 0)
                throw new IOException("chmod " + path + " failed (errno " + Marshal.GetLastWin32Error() + ")");
        }

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
        private static extern int chmod(string path, uint mode);

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
        private static extern int rename(string oldpath, string newpath);

        [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        private static extern bool MoveFileEx(string existing, string replacement, int flags);
    }
}
