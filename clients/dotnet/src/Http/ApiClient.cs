using System;
using System.Threading;
using ChartGpt.Licensing.Json;

namespace ChartGpt.Licensing.Http
{
    /// <summary>What one API call came to, after any retries.</summary>
    public sealed class ApiResult
    {
        /// <summary>HTTP status of the last reply; 0 when there was none.</summary>
        public int Status { get; internal set; }
        /// <summary>The JSON body (the answer on success, the error envelope otherwise); may be null.</summary>
        public JsonObject Body { get; internal set; }
        /// <summary>Error code: the envelope's, a default for the status, or NETWORK. Null on success.</summary>
        public string Code { get; internal set; }
        public string Message { get; internal set; }
        /// <summary>The envelope's <c>details</c>, when given.</summary>
        public JsonObject Details { get; internal set; }
        public DateTime? ServerDate { get; internal set; }
        public int Attempts { get; internal set; }

        /// <summary>A 2xx answer whose body is a JSON object.</summary>
        public bool Success { get { return Status >= 200 && Status < 300 && Body != null; } }
        /// <summary>True when the call failed in a way that retrying soon might fix (network, 5xx, 429).</summary>
        public bool Transient { get { return (Status < 200 || Status >= 300) && RetryPolicy.IsTransient(Status, Code); } }
    }

    /// <summary>
    /// JSON calls to the licensing API with the retry policy applied. Every reply's Date
    /// header is reported to <see cref="ServerTimeSeen"/> (it feeds the clock high-water
    /// mark) before anything else looks at the answer.
    /// </summary>
    internal sealed class ApiClient
    {
        private readonly Uri _base;
        private readonly IHttpTransport _transport;
        private readonly RetryPolicy _retry;
        private readonly Action<TimeSpan, CancellationToken> _sleep;
        private readonly Action<string> _log;
        private readonly Random _random = new Random();

        internal Action<DateTime> ServerTimeSeen;
        internal TimeSpan Timeout = TimeSpan.FromSeconds(15);

        internal ApiClient(Uri baseUrl, IHttpTransport transport, RetryPolicy retry, Action<TimeSpan, CancellationToken> sleep, Action<string> log)
        {
            _base = baseUrl;
            _transport = transport;
            _retry = retry;
            _sleep = sleep;
            _log = log ?? (s => { });
        }

        internal Uri Url(string pathAndQuery)
        {
            return new Uri(_base, pathAndQuery);
        }

        internal ApiResult Call(string method, string path, JsonObject body, string bearer, CancellationToken cancel)
        {
            var call = new HttpCall { Method = method, Url = Url(path), Body = body == null ? null : body.ToString(), Bearer = bearer, Timeout = Timeout };
            int attempts = 0;
            while (true)
            {
                cancel.ThrowIfCancellationRequested();
                attempts++;
                ApiResult result;
                TimeSpan? retryAfter = null;
                try
                {
                    HttpReply reply = _transport.Send(call, cancel);
                    if (reply.Date.HasValue && ServerTimeSeen != null) ServerTimeSeen(reply.Date.Value);
                    result = FromReply(reply);
                    retryAfter = reply.RetryAfter;
                }
                catch (TransportException e)
                {
                    result = new ApiResult { Status = 0, Code = "NETWORK", Message = "The API could not be reached: " + e.Message };
                }
                result.Attempts = attempts;
                if (!result.Transient) return result;
                double jitter;
                lock (_random) jitter = _random.NextDouble();
                TimeSpan? wait = _retry.NextDelay(attempts, retryAfter, jitter);
                if (wait == null) return result;
                _log(string.Format("{0} {1}: {2}; retrying in {3:0.0} s", method, path, result.Code, wait.Value.TotalSeconds));
                _sleep(wait.Value, cancel);
            }
        }

        internal static ApiResult FromReply(HttpReply reply)
        {
            JsonObject body = JsonReader.TryParseObject(reply.Body);
            var r = new ApiResult { Status = reply.Status, Body = body, ServerDate = reply.Date };
            if (r.Success)
            {
                // A captive portal's page, say: not retried (it would answer the same), not trusted.
                if (body == null) { r.Code = "UNEXPECTED_RESPONSE"; r.Message = "The answer was not the licensing API's (no JSON object)."; }
                return r;
            }
            JsonObject err = body == null ? null : body.GetObject("error");
            r.Code = err != null && !string.IsNullOrEmpty(err.GetString("code")) ? err.GetString("code") : DefaultCode(reply.Status);
            r.Message = err != null ? err.GetString("message") : "HTTP " + reply.Status;
            r.Details = err != null ? err.GetObject("details") : null;
            return r;
        }

        /// <summary>A code for a reply without an envelope (a proxy's error page, say).</summary>
        private static string DefaultCode(int status)
        {
            switch (status)
            {
                case 400: return "INVALID_REQUEST";
                case 401: return "UNAUTHORIZED";
                case 403: return "FORBIDDEN";
                case 404: return "NOT_FOUND";
                case 409: return "CONFLICT";
                case 413: return "PAYLOAD_TOO_LARGE";
                case 429: return "RATE_LIMITED";
                case 503: return "UNAVAILABLE";
                default: return status >= 500 ? "INTERNAL" : "HTTP_" + status;
            }
        }
    }
}
