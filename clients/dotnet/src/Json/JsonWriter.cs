using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ChartGpt.Licensing.Json
{
    /// <summary>Writes compact JSON from JsonObject, dictionaries, lists and plain values.</summary>
    public static class JsonWriter
    {
        public static string Write(object value)
        {
            var sb = new StringBuilder();
            WriteValue(sb, value, 0);
            return sb.ToString();
        }

        private static void WriteValue(StringBuilder sb, object v, int depth)
        {
            if (depth > 64) throw new InvalidOperationException("JSON nested too deeply");
            v = JsonObject.Normalize(v);
            if (v == null) { sb.Append("null"); return; }
            var s = v as string;
            if (s != null) { WriteString(sb, s); return; }
            if (v is bool) { sb.Append((bool)v ? "true" : "false"); return; }
            var n = v as JsonNumber;
            if (n != null) { sb.Append(n.Raw); return; }
            var raw = v as RawJson;
            if (raw != null) { sb.Append(raw.Text); return; }
            if (v is DateTime)
            {
                WriteString(sb, ((DateTime)v).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                return;
            }
            var obj = v as JsonObject;
            if (obj != null) { WriteMembers(sb, obj, depth); return; }
            var dict = v as IDictionary;
            if (dict != null)
            {
                var o = new JsonObject();
                foreach (DictionaryEntry e in dict) o[Convert.ToString(e.Key, CultureInfo.InvariantCulture)] = e.Value;
                WriteMembers(sb, o, depth);
                return;
            }
            var list = v as IEnumerable;
            if (list != null)
            {
                sb.Append('[');
                bool first = true;
                foreach (object item in list)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    WriteValue(sb, item, depth + 1);
                }
                sb.Append(']');
                return;
            }
            throw new ArgumentException("cannot write " + v.GetType().Name + " as JSON");
        }

        private static void WriteMembers(StringBuilder sb, IEnumerable<KeyValuePair<string, object>> members, int depth)
        {
            sb.Append('{');
            bool first = true;
            foreach (KeyValuePair<string, object> kv in members)
            {
                if (!first) sb.Append(',');
                first = false;
                WriteString(sb, kv.Key);
                sb.Append(':');
                WriteValue(sb, kv.Value, depth + 1);
            }
            sb.Append('}');
        }

        internal static void WriteString(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c == '\u2028' || c == '\u2029') sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }
    }

    /// <summary>Already-serialized JSON placed as is (a synced document's data, for example). Must be valid JSON.</summary>
    public sealed class RawJson
    {
        public string Text { get; private set; }

        /// <summary>Checks the text parses, so a request body can never be broken by it.</summary>
        public RawJson(string text)
        {
            JsonReader.Parse(text);
            Text = text.Trim();
        }
    }
}
