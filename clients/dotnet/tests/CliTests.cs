using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using ChartGpt.Licensing.Json;
using ChartGpt.Licensing.Tokens;

namespace ChartGpt.Licensing.Tests
{
    /// <summary>
    /// The chartgpt-license command line as outsiders drive it (CLIENTS.md): the built exe
    /// next to this one, against the mock API; the last stdout line must be one JSON
    /// object and the exit status 0 / 1 / 2.
    /// </summary>
    public class CliTests
    {
        private sealed class Run
        {
            public int Exit;
            public JsonObject Json;
            public string Stdout, Stderr;
            public string Code { get { return Json.GetString("code"); } }
        }

        private static Run Cli(string args, string now = null)
        {
            string exe = Path.Combine(Path.GetDirectoryName(typeof(CliTests).Assembly.Location), "chartgpt-license.exe");
            var psi = new ProcessStartInfo("mono", "\"" + exe + "\" " + args)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            psi.EnvironmentVariables.Remove("LICENSE_CLIENT_NOW");
            if (now != null) psi.EnvironmentVariables["LICENSE_CLIENT_NOW"] = now;
            using (Process p = Process.Start(psi))
            {
                var err = p.StandardError.ReadToEndAsync();
                string stdout = p.StandardOutput.ReadToEnd();
                if (!p.WaitForExit(60000)) { p.Kill(); throw new AssertionException("CLI timed out: " + args); }
                string last = stdout.TrimEnd('\r', '\n').Split('\n').Last();
                JsonObject json = JsonReader.TryParseObject(last);
                if (json == null) throw new AssertionException("last stdout line is not a JSON object: <" + last + "> for " + args + "\nstderr: " + err.Result);
                return new Run { Exit = p.ExitCode, Json = json, Stdout = stdout, Stderr = err.Result };
            }
        }

        private static string Iso(DateTime t) { return t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"); }

        private static string Common(string state, string fp = "cli-machine-0001")
        {
            string keys = TokenFixtures.Load().Manifest.GetString("jwks");
            return "--api " + Fixtures.MockApi + " --state \"" + state + "\" --fingerprint " + fp + " --keys \"" + keys + "\"";
        }

        [Test]
        public void LicenseCommandsFollowTheContract()
        {
            string state = Fixtures.TempDir();
            Run a = Cli("activate --key CGPT-CLIKEY --name Desk " + Common(state));
            Assert.Equal(0, a.Exit, "activate exit; " + a.Stdout + a.Stderr);
            Assert.Equal("ACTIVATED", a.Code, "activate code");
            Assert.True(a.Json.GetBool("ok") == true && a.Json.GetString("activation_id") == "act_mock" && a.Json.GetLong("seats") == 2, "fields");
            DateTime exp;
            Assert.True(DateTime.TryParse(a.Json.GetString("expires_at"), out exp), "expires_at is ISO");

            Run v = Cli("validate " + Common(state));
            Assert.Equal("VALID", v.Code, "online validate");
            Assert.Equal(0, v.Exit, "exit");

            Run s = Cli("status " + Common(state).Replace(Fixtures.MockApi, "http://127.0.0.1:9"));
            Assert.Equal("VALID_OFFLINE", s.Code, "status");
            Assert.True(s.Json.GetBool("offline") == true && s.Json.GetBool("valid") == true, "offline valid");

            Run off = Cli("validate " + Common(state).Replace(Fixtures.MockApi, "http://127.0.0.1:9"));
            Assert.Equal("VALID_OFFLINE", off.Code, "unreachable API: " + off.Stdout);
            Assert.Equal(0, off.Exit, "exit 0 offline");
            Assert.True(off.Stderr.Contains("retrying"), "progress on stderr");

            Run other = Cli("status " + Common(state, "cli-machine-0002"));
            Assert.Equal("OFFLINE_TOKEN_INVALID", other.Code, "another machine");
            Assert.Equal(2, other.Exit, "definite no");

            Run back = Cli("status " + Common(state), Iso(DateTime.UtcNow.AddHours(-2)));
            Assert.Equal("CLOCK_ROLLBACK", back.Code, "clock set back");
            Assert.Equal(2, back.Exit, "exit 2");

            Run later = Cli("status " + Common(state), Iso(DateTime.UtcNow.AddDays(15)));
            Assert.Equal("OFFLINE_EXPIRED", later.Code, "15 days later");
            Assert.Equal(2, later.Exit, "exit 2");

            File.WriteAllText(Path.Combine(state, "jwks.json"), TokenFixtures.Load().AttackerJwks);
            Run planted = Cli("status --state \"" + state + "\" --fingerprint cli-machine-0001");
            Assert.Equal("OFFLINE_TOKEN_INVALID", planted.Code, "no --keys: a planted jwks.json is not used");
            Run pinPlanted = Cli("status --state \"" + state + "\" --fingerprint cli-machine-0001 --keys \"" + Path.Combine(state, "jwks.json") + "\"");
            Assert.Equal("USAGE", pinPlanted.Code, "--keys may not point into the state directory");
            Assert.Equal(1, pinPlanted.Exit, "exit 1");

            Run none = Cli("status --state \"" + Fixtures.TempDir() + "\"");
            Assert.Equal("NO_STATE", none.Code, "empty state");
            Assert.Equal(2, none.Exit, "exit 2: no license on this machine");

            Run usage = Cli("validate");
            Assert.Equal("USAGE", usage.Code, "no --state");
            Assert.Equal(1, usage.Exit, "exit 1");
        }

        [Test]
        public void SignInPrintsTheCodeThenActivates()
        {
            string state = Fixtures.TempDir();
            Run r = Cli("sign-in --name fast " + Common(state, "cli-device-0003"));
            Assert.Equal("ACTIVATED", r.Code, "signed in: " + r.Stdout + r.Stderr);
            Assert.Equal(0, r.Exit, "exit");
            Assert.True(r.Stderr.Contains("Open http://127.0.0.1:1/activate/ and enter BCDF-GHJK"), "code on stderr: " + r.Stderr);
            Assert.Equal("BCDF-GHJK", r.Json.GetString("user_code"), "user_code");
            Assert.Equal("VALID_OFFLINE", Cli("status " + Common(state, "cli-device-0003")).Code, "stored");
        }

        [Test]
        public void SyncCommandsWithAConflictBetweenTwoMachines()
        {
            string a = Fixtures.TempDir(), b = Fixtures.TempDir();
            Cli("activate --key CGPT-CLIKEY " + Common(a));
            Cli("activate --key CGPT-CLIKEY " + Common(b, "cli-machine-0004"));
            string name = "cli-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            string file = Path.Combine(a, "doc.json");
            File.WriteAllText(file, "{\n  \"prompt\": \"Summarise the chart\",\n  \"n\": [1, 2]\n}\n");

            Run put = Cli("sync-put " + name + " \"" + file + "\" " + Common(a));
            Assert.Equal(0, put.Exit, "put: " + put.Stdout);
            Assert.Equal(1L, put.Json.GetLong("rev").Value, "rev 1");

            Run get = Cli("sync-get " + name + " " + Common(b, "cli-machine-0004"));
            Assert.Equal(1L, get.Json.GetLong("rev").Value, "B reads rev 1");
            Assert.Equal("{\"prompt\":\"Summarise the chart\",\"n\":[1,2]}", JsonWriter.Write(get.Json["data"]), "data field");

            Assert.Equal(2L, Cli("sync-put " + name + " \"" + file + "\" " + Common(a)).Json.GetLong("rev").Value, "A writes rev 2 on top of what it wrote");

            Run stale = Cli("sync-put " + name + " \"" + file + "\" " + Common(b, "cli-machine-0004"));
            Assert.Equal("REVISION_CONFLICT", stale.Code, "B's write over rev 1 conflicts");
            Assert.Equal(2L, stale.Json.GetLong("rev").Value, "current rev reported");
            Assert.Equal(1, stale.Exit, "exit 1");

            Cli("sync-get " + name + " " + Common(b, "cli-machine-0004"));
            Run again = Cli("sync-put " + name + " \"" + file + "\" " + Common(b, "cli-machine-0004"));
            Assert.Equal(3L, again.Json.GetLong("rev").Value, "after reading rev 2, B writes rev 3");

            Run list = Cli("sync-list " + Common(a));
            Assert.True(list.Json.GetArray("documents").Cast<JsonObject>().Any(d => d.GetString("name") == name && d.GetLong("rev") == 3), "listed: " + list.Stdout);
            Assert.Equal("NOT_FOUND", Cli("sync-get nope-" + name + " " + Common(a)).Code, "missing document");
        }
    }
}
