using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using ChartGpt.Licensing.Http;

namespace ChartGpt.Licensing.Tests
{
    /// <summary>
    /// Real HTTP and WebSocket traffic against the mock of API.md's endpoints that
    /// scripts/test-dotnet.mjs starts (CGPT_MOCK_API): headers, bodies, Retry-After and
    /// Date off the wire, the device flow, sync and the live feed with reconnects. The mock
    /// signs tokens with the pinned "current" fixture key and its own origin as iss.
    /// </summary>
    public class MockApiTests
    {
        private static ClientHarness OnMock()
        {
            string url = Fixtures.MockApi;
            if (string.IsNullOrEmpty(url)) throw new AssertionException("CGPT_MOCK_API is not set (run through scripts/test-dotnet.mjs)");
            var h = new ClientHarness();
            h.Options.ApiBase = new Uri(url);
            h.Options.Transport = new WebRequestTransport();
            h.Options.Clock = SystemClock.Instance;
            return h;
        }

        [Test]
        public void ActivateAndValidateOverTheWire()
        {
            using (var h = OnMock())
            {
                LicenseClient c = h.Client();
                LicenseResult a = c.Activate("CGPT-MOCKKEY");
                Assert.Equal(LicenseCodes.Activated, a.Code, "201 over HTTP: " + a);
                Assert.True(File.Exists(h.PathOf("clock.json")), "Date header recorded");
                LicenseResult v = c.Validate();
                Assert.Equal("VALID", v.Code, "after a 503: " + v);
                Assert.Equal(1, h.Sleeps.Count, "one retry");
                Assert.Equal(TimeSpan.FromSeconds(1), h.Sleeps[0], "Retry-After: 1 read from the header");
            }
        }

        [Test]
        public void DeviceFlowOverTheWire()
        {
            using (var h = OnMock())
            {
                string shown = null;
                LicenseResult r = h.Client().SignIn(a => shown = a.UserCode + " " + a.VerificationUri);
                Assert.Equal(LicenseCodes.Activated, r.Code, "approved: " + r);
                Assert.Equal("BCDF-GHJK http://127.0.0.1:1/activate/", shown, "shown");
                Assert.Equal("1,1,6", string.Join(",", h.Sleeps.Select(s => s.TotalSeconds.ToString())), "interval 1, +5 after SLOW_DOWN");
                Assert.Equal(LicenseCodes.ValidOffline, h.Client().Status().Code, "stored");
            }
        }

        [Test]
        public void SyncOverTheWireWithAConflict()
        {
            using (var a = OnMock())
            using (var b = OnMock())
            {
                LicenseClient ca = a.Client(), cb = b.Client();
                ca.Activate("CGPT-MOCKKEY");
                cb.Activate("CGPT-MOCKKEY");
                string name = "doc-" + Guid.NewGuid().ToString("N").Substring(0, 8);
                SyncResult p1 = ca.Sync.PutDocument(name, "{\"theme\":\"dark\"}", 0);
                Assert.True(p1.Ok && p1.Rev == 1, "A creates rev 1: " + p1.Code);
                SyncResult stale = cb.Sync.PutDocument(name, "{\"theme\":\"light\"}", 0);
                Assert.Equal(LicenseCodes.RevisionConflict, stale.Code, "B writes blind");
                Assert.Equal(1L, stale.Rev.Value, "current_rev from details");
                SyncResult merged = cb.Sync.UpdateDocument(name, d => "{\"theme\":\"light\",\"was\":" + d.Data + "}");
                Assert.True(merged.Ok && merged.Rev == 2, "B merges on top: " + merged.Code);
                SyncResult got = ca.Sync.GetDocument(name);
                Assert.Equal("{\"theme\":\"light\",\"was\":{\"theme\":\"dark\"}}", got.Document.Data, "A reads B's merge");
                Assert.True(ca.Sync.ListDocuments().Documents.Any(d => d.Name == name && d.Rev == 2), "listed");
                Assert.True(ca.Sync.DeleteDocument(name, 2).Ok, "deleted");
                Assert.Equal(LicenseCodes.NotFound, ca.Sync.GetDocument(name).Code, "gone");
            }
        }

        [Test]
        public void LiveFeedReceivesAndReconnects()
        {
            using (var h = OnMock())
            {
                LicenseClient c = h.Client();
                c.Activate("CGPT-MOCKKEY");
                SyncLiveFeed.MinBackoff = TimeSpan.FromMilliseconds(100);
                var changes = new List<SyncChange>();
                var status = new List<string>();
                string name = "live-" + Guid.NewGuid().ToString("N").Substring(0, 8);
                using (SyncLiveFeed feed = c.Sync.Subscribe(ch => { lock (changes) changes.Add(ch); }, s => { lock (status) status.Add(s); }))
                {
                    Func<Func<bool>, bool> waitFor = cond =>
                    {
                        for (int i = 0; i < 100; i++) { lock (changes) if (cond()) return true; Thread.Sleep(100); }
                        return false;
                    };
                    Assert.True(waitFor(() => changes.Count(x => x.Name == "hello") >= 2), "hello on two connections; status: " + string.Join(" | ", status));
                    Assert.True(feed.Connections >= 2, "reconnected after the server closed");
                    // A write (from this client, over HTTP) is pushed to the open socket.
                    Assert.True(c.Sync.PutDocument(name, "[1]", 0).Ok, "put");
                    Assert.True(waitFor(() => changes.Any(x => x.Name == name && x.Rev == 1 && !x.Deleted && x.UpdatedBy == "act_mock")), "change pushed");
                }
                SyncLiveFeed.MinBackoff = TimeSpan.FromSeconds(1);
                // Mono reports the server's close frame as an aborted handshake, .NET as a Close message: either way, a drop then a reconnect.
                Assert.True(status.Any(s => s.Contains("reconnecting")), "saw the drop: " + string.Join(" | ", status));
            }
        }

        [Test]
        public void LiveFeedRenewsARefusedTokenOnceAndConnects()
        {
            using (var h = OnMock())
            {
                h.Client().Activate("CGPT-MOCKKEY");
                new State.StateStore(h.Dir, new State.FilePermissionProtector()).WriteToken(h.Tokens.Token("attacker-key"));
                SyncLiveFeed.MinBackoff = TimeSpan.FromMilliseconds(50);
                var status = new List<string>();
                using (SyncLiveFeed feed = h.Client().Sync.Subscribe(ch => { }, s => { lock (status) status.Add(s); }))
                {
                    for (int i = 0; i < 100 && feed.Connections == 0; i++) Thread.Sleep(100);
                    Assert.True(feed.Connections >= 1, "connected with the renewed token: " + string.Join(" | ", status));
                    Assert.Equal(null, feed.StopCode, "still running");
                }
                SyncLiveFeed.MinBackoff = TimeSpan.FromSeconds(1);
                lock (status) Assert.True(status.Any(s => s.Contains("token renewed")), "renewed: " + string.Join(" | ", status));
            }
        }

        [Test]
        public void LiveFeedStopsWhenTheMachineMayNoLongerSync()
        {
            // The mock closes the feed of an "ends-" machine with 4001 and refuses its token
            // from then on, and its validate answers NOT_ACTIVATED, as the API does after a deactivation.
            using (var h = new ClientHarness("ends-machine-0001"))
            {
                h.Options.ApiBase = new Uri(Fixtures.MockApi);
                h.Options.Transport = new WebRequestTransport();
                h.Options.Clock = SystemClock.Instance;
                Assert.Equal(LicenseCodes.Activated, h.Client().Activate("CGPT-MOCKKEY").Code, "activated");
                SyncLiveFeed.MinBackoff = TimeSpan.FromMilliseconds(50);
                var status = new List<string>();
                using (SyncLiveFeed feed = h.Client().Sync.Subscribe(ch => { }, s => { lock (status) status.Add(s); }))
                {
                    for (int i = 0; i < 100 && feed.StopCode == null; i++) Thread.Sleep(100);
                    Assert.Equal(LicenseCodes.Unauthorized, feed.StopCode, "stopped: " + string.Join(" | ", status));
                    int connections = feed.Connections;
                    Thread.Sleep(300);
                    Assert.Equal(connections, feed.Connections, "no more attempts");
                }
                SyncLiveFeed.MinBackoff = TimeSpan.FromSeconds(1);
                Assert.Equal(LicenseCodes.NotActivated, h.Client().Status().Code, "the final answer was stored");
            }
        }

        [Test]
        public void LiveFeedWithoutATokenStops()
        {
            using (var h = OnMock())
            using (SyncLiveFeed feed = h.Client().Sync.Subscribe(ch => { }))
            {
                for (int i = 0; i < 50 && feed.StopCode == null; i++) Thread.Sleep(50);
                Assert.Equal(LicenseCodes.NoState, feed.StopCode, "no token, no feed");
            }
        }
    }
}
