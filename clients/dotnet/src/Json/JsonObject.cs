using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace ChartGpt.Licensing.Json
{
    /// <summary>
    /// A JSON object that keeps its members in order (so a document read and written back
    /// looks the same) with typed, tolerant getters: a missing or mistyped member reads
    /// as null instead of throwing, because API answers may grow new fields at any time.
    /// Values are string, bool, null, <see cref="JsonNumber"/>, <see cref="JsonObject"/>
    /// or List&lt;object&gt;.
    /// </summary>
    public sealed class JsonObject : IEnumerable<KeyValuePair<string, object>>
    {
        private readonly List<string> _order = new List<string>();
        private readonly Dictionary<string, object> _values = new Dictionary<string, object>(StringComparer.Ordinal);

        public int Count { get { return _order.Count; } }

        public object this[string name]
        {
            get { object v; return _values.TryGetValue(name, out v) ? v : null; }
            set
            {
                if (!_values.ContainsKey(name)) _order.Add(name);
                _values[name] = Normalize(value);
            }
        }

        /// <summary>Adds and returns this object, for building request bodies fluently; a null value is left out.</summary>
        public JsonObject With(string name, object value)
        {
            if (value != null) this[name] = value;
            return this;
        }

        public bool Has(string name) { return _values.ContainsKey(name); }

        public bool Remove(string name)
        {
            if (!_values.Remove(name)) return false;
            _order.Remove(name);
            return true;
        }

        public IEnumerable<string> Keys { get { return _order; } }

        public string GetString(string name) { return this[name] as string; }

        public JsonObject GetObject(string name) { return this[name] as JsonObject; }

        public List<object> GetArray(string name) { return this[name] as List<object>; }

        public bool? GetBool(string name)
        {
            object v = this[name];
            return v is bool ? (bool?)(bool)v : null;
        }

        /// <summary>An integer member (no fraction, within long), else null.</summary>
        public long? GetLong(string name)
        {
            var n = this[name] as JsonNumber;
            return n == null ? null : n.AsLong();
        }

        /// <summary>Strings of a string array; null when the member is not an array of strings only.</summary>
        public List<string> GetStringList(string name)
        {
            List<object> arr = GetArray(name);
            if (arr == null) return null;
            var outp = new List<string>(arr.Count);
            foreach (object o in arr)
            {
                var s = o as string;
                if (s == null) return null;
                outp.Add(s);
            }
            return outp;
        }

        public override string ToString() { return JsonWriter.Write(this); }

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            foreach (string k in _order) yield return new KeyValuePair<string, object>(k, _values[k]);
        }

        IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }

        /// <summary>Plain CLR numbers become JsonNumber so every number reads back the same way.</summary>
        internal static object Normalize(object v)
        {
            if (v is int || v is long || v is short || v is byte || v is uint)
                return new JsonNumber(Convert.ToInt64(v, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
            if (v is double || v is float || v is decimal)
                return new JsonNumber(Convert.ToDouble(v, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
            return v;
        }
    }

    /// <summary>A JSON number kept as its text, so large or precise numbers survive a round trip.</summary>
    public sealed class JsonNumber
    {
        public string Raw { get; private set; }

        public JsonNumber(string raw) { Raw = raw; }

        public double AsDouble() { return double.Parse(Raw, NumberStyles.Float, CultureInfo.InvariantCulture); }

        /// <summary>The value when it is a whole number within long (1e3 and 5.0 count), else null.</summary>
        public long? AsLong()
        {
            long l;
            if (long.TryParse(Raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out l)) return l;
            double d;
            if (!double.TryParse(Raw, NumberStyles.Float, CultureInfo.InvariantCulture, out d)) return null;
            if (Math.Floor(d) != d || d > 9.0e15 || d < -9.0e15) return null;
            return (long)d;
        }

        public override string ToString() { return Raw; }
    }
}
