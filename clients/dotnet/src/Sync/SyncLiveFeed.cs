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
    /// When the API no longer accepts the token (the server closes with 4001, or refuses
    /// the upgrade with 401) the feed renews it once through an online validate and
    /// reconnects at once; if that does not help (the machine was deactivated, the license
    /// revoked) it stops for good with <see cref="StopCode"/> UNAUTHORIZED. Without a
    /// stored token it stops with NO_STATE. Events may be missed while disconnected: list
    /// the documents again after a reconnect.
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
        private volatile string _stopCode;

        internal static TimeSpan MinBackoff = TimeSpan.FromSeconds(1);
        internal static TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);
        /// <summary>Close code of a server that no longer accepts this machine's token.</summary>
        internal const int AccessEndedCode = 4001;

        /// <summary>Why a connection ended, as far as the feed needs to know.</summary>
        private enum Ending { Dropped, Refused, AccessEnded }

        internal SyncLiveFeed(LicenseClient client, Action<SyncChange> onChange, Action<string> onStatus)
        {
            _client = client;
            _onChange = onChange;
            _onStatus = onStatus ?? (s => { });
        }

        /// <summary>How many times a connection was opened (for diagnostics and tests).</summary>
        public int Connections { get { return _connections; } }

        /// <summary>Null while the feed runs; UNAUTHORIZED, NO_STATE or CLOSED once it has stopped for good.</summary>
        public string StopCode { get { return _stopCode; } }

        internal void Start()
        {
            _loop = Task.Run(() => Run());
        }

        private async Task Run()
        {
            TimeSpan backoff = MinBackoff;
            CancellationToken stop = _stop.Token;
            bool renewed = false;
            while (!stop.IsCancellationRequested)
            {
                string token = _client.Sync.CurrentToken();
                if (token == null)
                {
                    Stop(LicenseCodes.NoState, "no license token stored");
                    return;
                }
                bool worked = false;
                Ending ending = Ending.Dropped;
                try
                {
                    ending = await ConnectAndReceive(token, stop, () => worked = true).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
                catch (Exception e) when (e is WebSocketException || e is IOException || e is InvalidOperationException || e is OperationCanceledException)
                {
                    _onStatus("live feed: " + e.Message);
                    // A refused upgrade looks like any other failure here (the status is not
                    // exposed alike on .NET Framework and Mono), so ask the API plainly.
                    if (!worked && !stop.IsCancellationRequested && _client.Sync.Refuses(token, stop)) ending = Ending.Refused;
                }
                if (stop.IsCancellationRequested) return;
                if (worked)
                {
                    backoff = MinBackoff;
                    renewed = false;
                }
                if (ending != Ending.Dropped)
                {
                    // The token is not (or no longer) accepted: renew it once, then try at once.
                    if (!renewed && _client.Sync.RenewToken(token, stop) != null)
                    {
                        renewed = true;
                        _onStatus("live feed: token renewed, reconnecting");
                        continue;
                    }
                    Stop(LicenseCodes.Unauthorized, "the license token is not accepted; validate or activate again");
                    return;
                }
                double jitter;
                lock (_random) jitter = 0.5 + _random.NextDouble() / 2;
                TimeSpan wait = TimeSpan.FromMilliseconds(backoff.TotalMilliseconds * jitter);
                _onStatus("live feed: reconnecting in " + wait.TotalSeconds.ToString("0.0") + " s");
                try { await Task.Delay(wait, stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
                backoff = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, backoff.TotalMilliseconds * 2));
            }
        }

        private void Stop(string code, string reason)
        {
            _stopCode = code;
            _onStatus("live feed: stopped (" + code + "): " + reason);
        }

        /// <summary>One connection, until it ends; <paramref name="opened"/> is called once it is open.</summary>
        private async Task<Ending> ConnectAndReceive(string token, CancellationToken stop, Action opened)
        {
            using (var ws = new ClientWebSocket())
            {
                ws.Options.SetRequestHeader("Authorization", "Bearer " + token);
                ws.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
                await ws.ConnectAsync(LiveUri(), stop).ConfigureAwait(false);
                opened();
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
                        return (int?)r.CloseStatus == AccessEndedCode ? Ending.AccessEnded : Ending.Dropped;
                    }
                    message.Write(buffer, 0, r.Count);
                    if (message.Length > 1024 * 1024) throw new IOException("live feed message too large");
                    if (!r.EndOfMessage) continue;
                    if (r.MessageType == WebSocketMessageType.Text) Deliver(Encoding.UTF8.GetString(message.ToArray()));
                    message.SetLength(0);
                }
                return Ending.Dropped;
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
            if (_stopCode == null) _stopCode = "CLOSED";
            _stop.Cancel();
            try { if (_loop != null) _loop.Wait(TimeSpan.FromSeconds(5)); }
            catch (AggregateException) { }
        }
    }
}
