using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;

namespace ChartGpt.Licensing.Http
{
    /// <summary>One HTTP request as the client sends it.</summary>
    public sealed class HttpCall
    {
        public string Method { get; set; }
        public Uri Url { get; set; }
        /// <summary>JSON body, or null for none.</summary>
        public string Body { get; set; }
        /// <summary>Bearer token for the Authorization header, or null.</summary>
        public string Bearer { get; set; }
        public TimeSpan Timeout { get; set; }
    }

    /// <summary>One HTTP answer (any status).</summary>
    public sealed class HttpReply
    {
        public int Status { get; set; }
        public string Body { get; set; }
        /// <summary>The server's Date header (UTC), when present and parseable.</summary>
        public DateTime? Date { get; set; }
        /// <summary>Retry-After (seconds or HTTP date), when present.</summary>
        public TimeSpan? RetryAfter { get; set; }
    }

    /// <summary>No answer at all: refused, reset, DNS, TLS or timeout.</summary>
    public sealed class TransportException : IOException
    {
        public TransportException(string message, Exception inner) : base(message, inner) { }
    }

    /// <summary>Sends HTTP; replaceable so the client's logic is testable without a network.</summary>
    public interface IHttpTransport
    {
        /// <summary>Returns the reply for any status; throws <see cref="TransportException"/> when there is none.</summary>
        HttpReply Send(HttpCall call, CancellationToken cancel);
    }

    /// <summary>
    /// HttpWebRequest-based transport: in System.dll on .NET Framework 4.8 and on Mono,
    /// so it needs no extra reference in NinjaTrader.
    /// </summary>
    public sealed class WebRequestTransport : IHttpTransport
    {
        public HttpReply Send(HttpCall call, CancellationToken cancel)
        {
            var req = (HttpWebRequest)WebRequest.Create(call.Url);
            req.Method = call.Method;
            req.Accept = "application/json";
            req.UserAgent = "ChartGpt.Licensing/1 (.NET)";
            int ms = (int)Math.Max(1000, Math.Min(int.MaxValue, call.Timeout.TotalMilliseconds));
            req.Timeout = ms;
            req.ReadWriteTimeout = ms;
            req.AllowAutoRedirect = false; // a redirect would resend the key somewhere else
            if (call.Url.IsLoopback) req.Proxy = null; // never send a local stack through a proxy
            if (call.Bearer != null) req.Headers[HttpRequestHeader.Authorization] = "Bearer " + call.Bearer;
            using (cancel.Register(req.Abort))
            {
                try
                {
                    if (call.Body != null)
                    {
                        byte[] bytes = Encoding.UTF8.GetBytes(call.Body);
                        req.ContentType = "application/json";
                        req.ContentLength = bytes.Length;
                        using (Stream s = req.GetRequestStream()) s.Write(bytes, 0, bytes.Length);
                    }
                    using (var resp = (HttpWebResponse)req.GetResponse()) return Read(resp);
                }
                catch (WebException e)
                {
                    cancel.ThrowIfCancellationRequested();
                    var resp = e.Response as HttpWebResponse;
                    if (resp == null) throw new TransportException(e.Message, e);
                    using (resp) return Read(resp);
                }
                catch (IOException e)
                {
                    cancel.ThrowIfCancellationRequested();
                    throw new TransportException(e.Message, e);
                }
            }
        }

        private static HttpReply Read(HttpWebResponse resp)
        {
            string body;
            using (var reader = new StreamReader(resp.GetResponseStream(), Encoding.UTF8)) body = reader.ReadToEnd();
            DateTime? date = HttpDates.Parse(resp.Headers["Date"]);
            return new HttpReply
            {
                Status = (int)resp.StatusCode,
                Body = body,
                Date = date,
                RetryAfter = HttpDates.ParseRetryAfter(resp.Headers["Retry-After"], date ?? DateTime.UtcNow),
            };
        }
    }

    /// <summary>Date and Retry-After header parsing (RFC 9110).</summary>
    public static class HttpDates
    {
        public static DateTime? Parse(string value)
        {
            DateTime d;
            if (string.IsNullOrEmpty(value)) return null;
            if (DateTime.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out d))
                return DateTime.SpecifyKind(d, DateTimeKind.Utc);
            return null;
        }

        /// <summary>Retry-After as a delay: delta-seconds, or an HTTP date minus the server's now.</summary>
        public static TimeSpan? ParseRetryAfter(string value, DateTime serverNow)
        {
            if (string.IsNullOrEmpty(value)) return null;
            int seconds;
            if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out seconds)) return TimeSpan.FromSeconds(seconds);
            DateTime? at = Parse(value);
            if (at == null) return null;
            TimeSpan delta = at.Value - serverNow;
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }
    }
}
