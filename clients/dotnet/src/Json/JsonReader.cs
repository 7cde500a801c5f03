using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ChartGpt.Licensing.Json
{
    /// <summary>A JSON text that could not be read.</summary>
    public sealed class JsonFormatException : FormatException
    {
        public JsonFormatException(string message, int position)
            : base(message + " at " + position.ToString(CultureInfo.InvariantCulture)) { }
    }

    /// <summary>
    /// A strict RFC 8259 reader of our own (no dependency on JavaScriptSerializer, which
    /// Mono and NinjaTrader may lack). Duplicate member names are rejected: two parsers
    /// that pick different duplicates are a classic way to smuggle a claim past a check.
    /// Nesting is capped so hostile input cannot exhaust the stack.
    /// </summary>
    public static class JsonReader
    {
        private const int MaxDepth = 64;

        public static object Parse(string text)
        {
            if (text == null) throw new ArgumentNullException("text");
            int pos = 0;
            object v = ReadValue(text, ref pos, 0);
            SkipWs(text, ref pos);
            if (pos != text.Length) throw new JsonFormatException("unexpected trailing text", pos);
            return v;
        }

        /// <summary>Parses text that must be a JSON object; null when it is not JSON or not an object.</summary>
        public static JsonObject TryParseObject(string text)
        {
            if (text == null) return null;
            try { return Parse(text) as JsonObject; }
            catch (FormatException) { return null; }
        }

        private static void SkipWs(string s, ref int pos)
        {
            while (pos < s.Length && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r')) pos++;
        }

        private static object ReadValue(string s, ref int pos, int depth)
        {
            if (depth > MaxDepth) throw new JsonFormatException("nested too deeply", pos);
            SkipWs(s, ref pos);
            if (pos >= s.Length) throw new JsonFormatException("unexpected end", pos);
            char c = s[pos];
            if (c == '{') return ReadObject(s, ref pos, depth);
            if (c == '[') return ReadArray(s, ref pos, depth);
            if (c == '"') return ReadString(s, ref pos);
            if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber(s, ref pos);
            if (Literal(s, ref pos, "true")) return true;
            if (Literal(s, ref pos, "false")) return false;
            if (Literal(s, ref pos, "null")) return null;
            throw new JsonFormatException("unexpected character", pos);
        }

        private static bool Literal(string s, ref int pos, string word)
        {
            if (string.CompareOrdinal(s, pos, word, 0, word.Length) != 0) return false;
            pos += word.Length;
            return true;
        }

        private static JsonObject ReadObject(string s, ref int pos, int depth)
        {
            var obj = new JsonObject();
            pos++; // {
            SkipWs(s, ref pos);
            if (pos < s.Length && s[pos] == '}') { pos++; return obj; }
            while (true)
            {
                SkipWs(s, ref pos);
                if (pos >= s.Length || s[pos] != '"') throw new JsonFormatException("expected a member name", pos);
                int at = pos;
                string name = ReadString(s, ref pos);
                if (obj.Has(name)) throw new JsonFormatException("duplicate member \"" + name + "\"", at);
                SkipWs(s, ref pos);
                if (pos >= s.Length || s[pos] != ':') throw new JsonFormatException("expected ':'", pos);
                pos++;
                obj[name] = ReadValue(s, ref pos, depth + 1);
                SkipWs(s, ref pos);
                if (pos < s.Length && s[pos] == ',') { pos++; continue; }
                if (pos < s.Length && s[pos] == '}') { pos++; return obj; }
                throw new JsonFormatException("expected ',' or '}'", pos);
            }
        }

        private static List<object> ReadArray(string s, ref int pos, int depth)
        {
            var arr = new List<object>();
            pos++; // [
            SkipWs(s, ref pos);
            if (pos < s.Length && s[pos] == ']') { pos++; return arr; }
            while (true)
            {
                arr.Add(ReadValue(s, ref pos, depth + 1));
                SkipWs(s, ref pos);
                if (pos < s.Length && s[pos] == ',') { pos++; continue; }
                if (pos < s.Length && s[pos] == ']') { pos++; return arr; }
                throw new JsonFormatException("expected ',' or ']'", pos);
            }
        }

        private static string ReadString(string s, ref int pos)
        {
            pos++; // opening quote
            var sb = new StringBuilder();
            while (true)
            {
                if (pos >= s.Length) throw new JsonFormatException("unterminated string", pos);
                char c = s[pos++];
                if (c == '"') return sb.ToString();
                if (c < 0x20) throw new JsonFormatException("control character in string", pos - 1);
                if (c != '\\') { sb.Append(c); continue; }
                if (pos >= s.Length) throw new JsonFormatException("unterminated escape", pos);
                char e = s[pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        int code;
                        if (pos + 4 > s.Length || !int.TryParse(s.Substring(pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code))
                            throw new JsonFormatException("bad \\u escape", pos);
                        sb.Append((char)code);
                        pos += 4;
                        break;
                    default: throw new JsonFormatException("bad escape", pos - 1);
                }
            }
        }

        private static JsonNumber ReadNumber(string s, ref int pos)
        {
            int start = pos;
            if (s[pos] == '-') pos++;
            if (pos < s.Length && s[pos] == '0') pos++;
            else if (!Digits(s, ref pos)) throw new JsonFormatException("bad number", start);
            if (pos < s.Length && s[pos] == '.')
            {
                pos++;
                if (!Digits(s, ref pos)) throw new JsonFormatException("bad fraction", start);
            }
            if (pos < s.Length && (s[pos] == 'e' || s[pos] == 'E'))
            {
                pos++;
                if (pos < s.Length && (s[pos] == '+' || s[pos] == '-')) pos++;
                if (!Digits(s, ref pos)) throw new JsonFormatException("bad exponent", start);
            }
            return new JsonNumber(s.Substring(start, pos - start));
        }

        private static bool Digits(string s, ref int pos)
        {
            int start = pos;
            while (pos < s.Length && s[pos] >= '0' && s[pos] <= '9') pos++;
            return pos > start;
        }
    }
}
