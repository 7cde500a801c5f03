using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using ChartGpt.Licensing.Http;
using ChartGpt.Licensing.Identity;
using ChartGpt.Licensing.Json;
using ChartGpt.Licensing.State;

namespace ChartGpt.Licensing.Tests
{
    /// <summary>A scripted transport: answers in order, records every call; null answer = no connection.</summary>
    public sealed class FakeTransport : IHttpTransport
    {
        public readonly List<HttpCall> Calls = new List<HttpCall>();
        private readonly Queue<Func<HttpCall, HttpReply>> _answers = new Queue<Func<HttpCall, HttpReply>>();
        public DateTime? Date;

        public FakeTransport Answer(int status, string body, int? retryAfterSeconds = null)
        {
            _answers.Enqueue(c => new HttpReply
            {
                Status = status,
                Body = body,
                Date = Date,
                RetryAfter = retryAfterSeconds.HasValue ? TimeSpan.FromSeconds(retryAfterSeconds.Value) : (TimeSpan?)null,
            });
            return this;
        }

        public FakeTransport Error(int status, string code, int? retryAfterSeconds = null, string details = null)
        {
            return Answer(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\",\"request_id\":\"r\"" + (details != null ? ",\"details\":" + details : "") + "}}", retryAfterSeconds);
        }

        public FakeTransport Down(int times = 1)
        {
            for (int i = 0; i < times; i++) _answers.Enqueue(c => null);
            return this;
        }

        public int Pending { get { return _answers.Count; } }

        public HttpReply Send(HttpCall call, CancellationToken cancel)
        {
            Calls.Add(call);
            if (_answers.Count == 0) throw new AssertionException("unexpected call " + call.Method + " " + call.Url);
            HttpReply r = _answers.Dequeue()(call);
            if (r == null) throw new TransportException("connection refused", null);
            return r;
        }

        public JsonObject BodyOf(int i) { return JsonReader.TryParseObject(Calls[i].Body); }
    }

    /// <summary>A client on a temp state dir, a fake API, a fixed clock and recorded sleeps.</summary>
    public sealed class ClientHarness : IDisposable
    {
        public readonly string Dir = Fixtures.TempDir();
        public readonly FakeTransport Api = new FakeTransport();
        public readonly FixedClock Clock;
        public readonly List<TimeSpan> Sleeps = new List<TimeSpan>();
        public readonly TokenFixtures Tokens = TokenFixtures.Load();
        public LicenseClientOptions Options;

        public ClientHarness(string fingerprint = null)
        {
            Clock = new FixedClock(Tokens.Now);
            Options = new LicenseClientOptions
            {
                ApiBase = new Uri(Tokens.Issuer),
                StateDirectory = Dir,
                PinnedKeys = Tokens.Pinned,
                Machine = new FixedMachineIdentity(fingerprint ?? Tokens.Fingerprint,
                    new Dictionary<string, string> { { "machine_id", MachineIdentity.Salted("s", "machine_id", "m1") } }),
                Clock = Clock,
                Transport = Api,
                Sleep = (t, c) => Sleeps.Add(t),
                Protector = new FilePermissionProtector(),
            };
        }

        public LicenseClient Client() { return new LicenseClient(Options); }

        /// <summary>An activate answer carrying <paramref name="token"/>.</summary>
        public static string ActivationBody(string token, int seatsUsed = 1)
        {
            return "{\"activation\":{\"id\":\"act_1\",\"fingerprint\":\"x\",\"name\":\"Desk\"},\"license\":{\"id\":\"lic_1\",\"status\":\"active\"," +
                "\"seats\":2,\"seats_used\":" + seatsUsed + ",\"product\":\"chartgpt\",\"entitlements\":[\"chartgpt\"]},\"token\":\"" + token + "\",\"new_field\":{\"a\":[1]}}";
        }

        public static string ValidBody(string token)
        {
            return "{\"valid\":true,\"code\":\"VALID\",\"license\":{\"id\":\"lic_1\",\"seats\":2,\"seats_used\":1},\"activation\":{\"id\":\"act_1\"},\"token\":\"" + token + "\"}";
        }

        /// <summary>Activates with the fixture token (201).</summary>
        public LicenseClient Activated()
        {
            Api.Answer(201, ActivationBody(Tokens.ValidToken));
            LicenseClient c = Client();
            LicenseResult r = c.Activate("CGPT-TESTKEY");
            Assert.Equal(LicenseCodes.Activated, r.Code, "activation in harness");
            return c;
        }

        public string PathOf(string file) { return Path.Combine(Dir, file); }

        public void Dispose()
        {
            try { Directory.Delete(Dir, true); } catch (IOException) { }
        }
    }
}
