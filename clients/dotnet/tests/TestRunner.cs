using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;

namespace ChartGpt.Licensing.Tests
{
    /// <summary>Marks a test method (public, no parameters, instance or static).</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class TestAttribute : Attribute { }

    public sealed class AssertionException : Exception
    {
        public AssertionException(string message) : base(message) { }
    }

    /// <summary>The few assertions the tests need; each failure names what was expected.</summary>
    public static class Assert
    {
        public static void True(bool condition, string what)
        {
            if (!condition) throw new AssertionException(what);
        }

        public static void False(bool condition, string what) { True(!condition, what); }

        public static void Equal<T>(T expected, T actual, string what = "value")
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
                throw new AssertionException(what + ": expected <" + expected + "> but was <" + actual + ">");
        }

        public static void NotNull(object o, string what) { True(o != null, what + " is null"); }

        public static void Null(object o, string what) { True(o == null, what + " should be null but is <" + o + ">"); }

        public static T Throws<T>(Action a, string what) where T : Exception
        {
            try { a(); }
            catch (T e) { return e; }
            catch (Exception e) { throw new AssertionException(what + ": threw " + e.GetType().Name + " instead of " + typeof(T).Name); }
            throw new AssertionException(what + ": did not throw " + typeof(T).Name);
        }
    }

    /// <summary>
    /// A small runner of our own (no NUnit): finds [Test] methods, runs each, prints one
    /// line per test and, as the very last line, "N passed, N failed". Exit status 1 on
    /// any failure. Arguments are substrings that select tests by "Class.Method".
    /// </summary>
    public static class TestRunner
    {
        public static int Main(string[] args)
        {
            var tests = typeof(TestRunner).Assembly.GetTypes()
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .Where(m => m.GetCustomAttributes(typeof(TestAttribute), false).Length > 0 && m.GetParameters().Length == 0)
                    .Select(m => new { Type = t, Method = m, Name = t.Name + "." + m.Name }))
                .Where(x => args.Length == 0 || args.Any(a => x.Name.IndexOf(a, StringComparison.OrdinalIgnoreCase) >= 0))
                .OrderBy(x => x.Name, StringComparer.Ordinal)
                .ToList();
            int passed = 0, failed = 0;
            foreach (var t in tests)
            {
                var sw = Stopwatch.StartNew();
                try
                {
                    object target = t.Method.IsStatic ? null : Activator.CreateInstance(t.Type);
                    try { t.Method.Invoke(target, null); }
                    finally { var d = target as IDisposable; if (d != null) d.Dispose(); }
                    passed++;
                    Console.WriteLine("ok   " + t.Name + " (" + sw.ElapsedMilliseconds + " ms)");
                }
                catch (Exception e)
                {
                    Exception inner = e is TargetInvocationException && e.InnerException != null ? e.InnerException : e;
                    failed++;
                    Console.WriteLine("FAIL " + t.Name + ": " + (inner is AssertionException ? inner.Message : inner.ToString()));
                }
            }
            if (tests.Count == 0) Console.WriteLine("no test matched");
            Console.WriteLine(passed + " passed, " + failed + " failed");
            return failed == 0 && tests.Count > 0 ? 0 : 1;
        }
    }
}
