using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading;
using ChartGpt.Licensing.Http;
using ChartGpt.Licensing.Json;
using ChartGpt.Licensing.State;

namespace ChartGpt.Licensing
{
    /// <summary>A synced document, or its listing entry (then <see cref="Data"/> is null).</summary>
    public sealed class SyncDocument
    {
        public string Name { get; internal set; }
        public long Rev { get; internal set; }
        public long? Size { get; internal set; }
        public string UpdatedAt { get; internal set; }
        /// <summary>Activation id of the machine that wrote it.</summary>
        public string UpdatedBy { get; internal set; }
        /// <summary>The document's data as compact JSON text.</summary>
        public string Data { get; internal set; }
    }

    /// <summary>The outcome of a sync call.</summary>
    public sealed class SyncResult
    {
        public bool Ok { get; internal set; }
        /// <summary>OK, or the API's error code (REVISION_CONFLICT, NOT_FOUND, UNAUTHORIZED…), NO_STATE or NETWORK.</summary>
        public string Code { get; internal set; }
        public string Message { get; internal set; }
        /// <summary>The document's revision after the call (get/put), or the current one on REVISION_CONFLICT.</summary>
        public long? Rev { get; internal set; }
        public SyncDocument Document { get; internal set; }
        public IList<SyncDocument> Documents { get; internal set; }
    }

    /// <summary>
    /// Desktop sync (API.md "Desktop sync"): small JSON documents shared by the customer's
    /// machines, written with revision checks. Authenticates with the stored license
    /// token; on 401 it revalidates once (which refreshes the token) and tries again.
    /// Remembers the last revision it saw of each document (<see cref="KnownRevision"/>)
    /// so a caller can write "on top of what I last read". Never put the customer's AI
    /// provider key in a synced document.
    /// </summary>
    public sealed class SyncClient
    {
        private static readonly Regex NamePattern = new Regex("^[a-z0-9][a-z0-9._-]{0,63}$");
        private readonly LicenseClient _client;

        internal SyncClient(LicenseClient client) { _client = client; }

        public SyncResult ListDocuments(CancellationToken cancel = default(CancellationToken))
        {
            ApiResult r = Authorized("GET", "/v1/sync/documents", null, cancel);
            if (r == null || !r.Success) return Fail(r);
            var docs = new List<SyncDocument>();
            List<object> arr = r.Body.GetArray("documents") ?? new List<object>();
            foreach (object o in arr)
            {
                var d = o as JsonObject;
                if (d == null) continue;
                docs.Add(Read(d));
            }
            return new SyncResult { Ok = true, Code = LicenseCodes.Ok, Documents = docs };
        }

        /// <summary>
        /// The document, or NOT_FOUND when there is none (never was, or deleted: then the
        /// remembered revision is forgotten, so the next write creates it again on 0).
        /// </summary>
        public SyncResult GetDocument(string name, CancellationToken cancel = default(CancellationToken))
        {
            if (!ValidName(name)) return BadName(name);
            ApiResult r = Authorized("GET", "/v1/sync/documents/" + name, null, cancel);
            if (r != null && r.Status == 404 && r.Code == LicenseCodes.NotFound) Forget(name);
            if (r == null || !r.Success) return Fail(r);
            SyncDocument doc = Read(r.Body);
            Remember(name, doc.Rev);
            return new SyncResult { Ok = true, Code = LicenseCodes.Ok, Rev = doc.Rev, Document = doc };
        }

        /// <summary>
        /// Writes <paramref name="json"/> (any JSON value) over revision <paramref name="baseRev"/>
        /// (0 creates). REVISION_CONFLICT carries the current revision in <see cref="SyncResult.Rev"/>.
        /// </summary>
        public SyncResult PutDocument(string name, string json, long baseRev, CancellationToken cancel = default(CancellationToken))
        {
            if (!ValidName(name)) return BadName(name);
            RawJson data;
            try { data = new RawJson(json); }
            catch (FormatException e) { return new SyncResult { Ok = false, Code = "INVALID_REQUEST", Message = "The document is not JSON: " + e.Message }; }
            var body = new JsonObject().With("data", data).With("base_rev", baseRev);
            ApiResult r = Authorized("PUT", "/v1/sync/documents/" + name, body, cancel);
            if (r == null || !r.Success) return Fail(r);
            long rev = r.Body.GetLong("rev") ?? 0;
            Remember(name, rev);
            return new SyncResult { Ok = true, Code = LicenseCodes.Ok, Rev = rev, Document = Read(r.Body) };
        }

        public SyncResult DeleteDocument(string name, long baseRev, CancellationToken cancel = default(CancellationToken))
        {
            if (!ValidName(name)) return BadName(name);
            ApiResult r = Authorized("DELETE", "/v1/sync/documents/" + name + "?base_rev=" + baseRev.ToString(CultureInfo.InvariantCulture), null, cancel);
            if (r == null || !r.Success) return Fail(r);
            // Gone for this machine too: its next write of the name creates it again (base 0).
            Forget(name);
            return new SyncResult { Ok = true, Code = LicenseCodes.Ok, Rev = r.Body.GetLong("rev") };
        }

        /// <summary>
        /// Read-modify-write with conflict handling: fetches the current document (null when
        /// there is none), asks <paramref name="merge"/> for the new JSON (null to give up),
        /// writes it over that revision, and on REVISION_CONFLICT starts over, at most
        /// <paramref name="maxAttempts"/> times.
        /// </summary>
        public SyncResult UpdateDocument(string name, Func<SyncDocument, string> merge, int maxAttempts = 5, CancellationToken cancel = default(CancellationToken))
        {
            SyncResult last = null;
            for (int i = 0; i < maxAttempts; i++)
            {
                SyncResult cur = GetDocument(name, cancel);
                if (!cur.Ok && cur.Code != LicenseCodes.NotFound) return cur;
                SyncDocument doc = cur.Ok ? cur.Document : null;
                string next = merge(doc);
                if (next == null) return new SyncResult { Ok = false, Code = "CANCELLED", Message = "The merge gave up.", Rev = doc == null ? 0 : doc.Rev };
                last = PutDocument(name, next, doc == null ? 0 : doc.Rev, cancel);
                if (last.Code != LicenseCodes.RevisionConflict) return last;
            }
            return last;
        }

        /// <summary>The last revision this machine read or wrote of <paramref name="name"/>, or null (never, or deleted since).</summary>
        public long? KnownRevision(string name)
        {
            long rev;
            return _client.Store.ReadSyncRevisions().TryGetValue(name, out rev) ? rev : (long?)null;
        }

        /// <summary>Starts the live feed of document changes (GET /v1/sync/live); dispose it to stop.</summary>
        public SyncLiveFeed Subscribe(Action<SyncChange> onChange, Action<string> onStatus = null)
        {
            var feed = new SyncLiveFeed(_client, onChange, onStatus);
            feed.Start();
            return feed;
        }

        internal string CurrentToken()
        {
            StateRead ts;
            return _client.Store.ReadToken(out ts);
        }

        /// <summary>Calls with the stored token; on 401 revalidates once and retries. Null when there is no token.</summary>
        private ApiResult Authorized(string method, string path, JsonObject body, CancellationToken cancel)
        {
            string token = CurrentToken();
            if (token == null) return null;
            ApiResult r = _client.Call(method, path, body, token, cancel);
            if (r.Status != 401) return r;
            string fresh = RenewToken(token, cancel);
            return fresh == null ? r : _client.Call(method, path, body, fresh, cancel);
        }

        /// <summary>
        /// Tokens live 14 days and are renewed by an online validate (which also brings a
        /// token with the claims sync needs): the fresh token, or null when the validate
        /// was not a valid online answer or brought nothing new.
        /// </summary>
        internal string RenewToken(string refused, CancellationToken cancel)
        {
            LicenseResult v = _client.Validate(cancel);
            string fresh = CurrentToken();
            return !v.Ok || v.Offline == true || fresh == null || fresh == refused ? null : fresh;
        }

        /// <summary>Whether the API refuses <paramref name="token"/> for sync (a plain list call answers 401).</summary>
        internal bool Refuses(string token, CancellationToken cancel)
        {
            return _client.Call("GET", "/v1/sync/documents", null, token, cancel).Status == 401;
        }

        private void Remember(string name, long rev)
        {
            Dictionary<string, long> revs = _client.Store.ReadSyncRevisions();
            revs[name] = rev;
            _client.Store.WriteSyncRevisions(revs);
        }

        private void Forget(string name)
        {
            Dictionary<string, long> revs = _client.Store.ReadSyncRevisions();
            if (revs.Remove(name)) _client.Store.WriteSyncRevisions(revs);
        }

        private static SyncDocument Read(JsonObject d)
        {
            object data = d.Has("data") ? d["data"] : null;
            return new SyncDocument
            {
                Name = d.GetString("name"),
                Rev = d.GetLong("rev") ?? 0,
                Size = d.GetLong("size"),
                UpdatedAt = d.GetString("updated_at"),
                UpdatedBy = d.GetString("updated_by"),
                Data = d.Has("data") ? JsonWriter.Write(data) : null,
            };
        }

        private static SyncResult Fail(ApiResult r)
        {
            if (r == null) return new SyncResult { Ok = false, Code = LicenseCodes.NoState, Message = "No license token is stored: activate or sign in first." };
            var res = new SyncResult { Ok = false, Code = r.Code, Message = r.Message };
            if (r.Code == LicenseCodes.RevisionConflict && r.Details != null) res.Rev = r.Details.GetLong("current_rev");
            return res;
        }

        private static bool ValidName(string name) { return name != null && NamePattern.IsMatch(name); }

        private static SyncResult BadName(string name)
        {
            return new SyncResult { Ok = false, Code = "INVALID_REQUEST", Message = "Document names match ^[a-z0-9][a-z0-9._-]{0,63}$." };
        }
    }
}
