using System;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ChartGpt.Licensing.Json;

namespace ChartGpt.Licensing
{
    /// <summary>One pushed change: {"type":"document","name","rev","deleted","updated_by"}.</summary>
    public sealed class SyncChange
    {
        public string Name { get; internal set; }
        public long Rev { get; internal set; }
        public bool Deleted { get; internal set; }
        public string UpdatedBy { get; internal set; }
    }

    /// <summary>
    /// The live feed of document changes over a WebSocket (GET /v1/sync/live, bearer
    /// token). Runs on a background task and reconnects after any drop with exponential
    /// backoff and jitter (1 s doubling to 60 s, reset after a connection that worked),
    /// reading the stored token afresh each time so a revalidation is picked up. A
    /// change arriving means "fetch that document"; the feed itself carries no data.
    /// </summary>
    public sealed class SyncLiveFeed : IDisposable
    {
        private readonly LicenseClient _client;
        private readonly Action<SyncChange> _onChange;
        private readonly Action<string> _onStatus;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Random _random = new Random();
        private Task _loop;
        private int _connections;

        internal static TimeSpan MinBackoff = TimeSpan.FromSeconds(1);
        internal static TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

        internal SyncLiveFeed(LicenseClient client, Action<SyncChange> onChange, Action<string> onStatus)
        {
            _client = client;
            _onChange = onChange;
            _onStatus = onStatus ?? (s => { });
        }

        /// <summary>How many times a connection was opened (for diagnostics and tests).</summary>
        public int Connections { get { return _connections; } }

        internal void Start()
        {
            _loop = Task.Run(() => Run());
        }

        private async Task Run()
        {
            TimeSpan backoff = MinBackoff;
            CancellationToken stop = _stop.Token;
            while (!stop.IsCancellationRequested)
            {
                bool worked = false;
                try
                {
                    worked = await ConnectAndReceive(stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
                catch (Exception e) when (e is WebSocketException || e is IOException || e is InvalidOperationException || e is OperationCanceledException)
                {
                    _onStatus("live feed: " + e.Message);
                }
                if (worked) backoff = MinBackoff;
                double jitter;
                lock (_random) jitter = 0.5 + _random.NextDouble() / 2;
                TimeSpan wait = TimeSpan.FromMilliseconds(backoff.TotalMilliseconds * jitter);
                _onStatus("live feed: reconnecting in " + wait.TotalSeconds.ToString("0.0") + " s");
                try { await Task.Delay(wait, stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
                backoff = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, backoff.TotalMilliseconds * 2));
            }
        }

        /// <summary>One connection; true when it opened (so the backoff starts over).</summary>
        private async Task<bool> ConnectAndReceive(CancellationToken stop)
        {
            string token = _client.Sync.CurrentToken();
            if (token == null)
            {
                _onStatus("live feed: no license token stored");
                return false;
            }
            using (var ws = new ClientWebSocket())
            {
                ws.Options.SetRequestHeader("Authorization", "Bearer " + token);
                ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
                await ws.ConnectAsync(LiveUri(), stop).ConfigureAwait(false);
                Interlocked.Increment(ref _connections);
                _onStatus("live feed: connected");
                var buffer = new byte[16 * 1024];
                var message = new MemoryStream();
                while (ws.State == WebSocketState.Open && !stop.IsCancellationRequested)
                {
                    WebSocketReceiveResult r = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), stop).ConfigureAwait(false);
                    if (r.MessageType == WebSocketMessageType.Close)
                    {
                        _onStatus("live feed: closed by server (" + r.CloseStatus + ")");
                        try { await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).ConfigureAwait(false); }
                        catch (Exception) { }
                        break;
                    }
                    message.Write(buffer, 0, r.Count);
                    if (message.Length > 1024 * 1024) throw new IOException("live feed message too large");
                    if (!r.EndOfMessage) continue;
                    if (r.MessageType == WebSocketMessageType.Text) Deliver(Encoding.UTF8.GetString(message.ToArray()));
                    message.SetLength(0);
                }
                return true;
            }
        }

        private void Deliver(string text)
        {
            JsonObject o = JsonReader.TryParseObject(text);
            if (o == null || o.GetString("type") != "document" || o.GetString("name") == null) return;
            var change = new SyncChange
            {
                Name = o.GetString("name"),
                Rev = o.GetLong("rev") ?? 0,
                Deleted = o.GetBool("deleted") == true,
                UpdatedBy = o.GetString("updated_by"),
            };
            try { _onChange(change); }
            catch (Exception e) { _onStatus("live feed: handler failed: " + e.Message); }
        }

        internal Uri LiveUri()
        {
            var b = new UriBuilder(_client.Api.Url("/v1/sync/live"));
            b.Scheme = b.Scheme == "https" ? "wss" : "ws";
            return b.Uri;
        }

        /// <summary>Stops the feed and waits (briefly) for the background task to end.</summary>
        public void Dispose()
        {
            if (_stop.IsCancellationRequested) return;
            _stop.Cancel();
            try { if (_loop != null) _loop.Wait(TimeSpan.FromSeconds(5)); }
            catch (AggregateException) { }
        }
    }
}
