using System.Collections.Generic;
using ChartGpt.Licensing.Json;

namespace ChartGpt.Licensing.Tests
{
    public class JsonTests
    {
        [Test]
        public void ReadsApiAnswersWithUnknownAndNestedMembers()
        {
            var o = (JsonObject)JsonReader.Parse(
                "{\"activation\":{\"id\":\"act_1\",\"extra\":{\"deep\":[1,2,{\"x\":null}]}},\"license\":{\"seats\":2,\"seats_used\":1," +
                "\"entitlements\":[\"chartgpt\"],\"future\":true},\"token\":\"a.b.c\",\"unknown\":[]}");
            Assert.Equal("act_1", o.GetObject("activation").GetString("id"));
            Assert.Equal(2L, o.GetObject("license").GetLong("seats").Value);
            Assert.Equal("chartgpt", o.GetObject("license").GetStringList("entitlements")[0]);
            Assert.Null(o.GetString("missing"), "missing member");
            Assert.Null(o.GetObject("token"), "mistyped member reads as null");
            Assert.Null(o.GetLong("token"), "string is not a number");
        }

        [Test]
        public void StringsAndEscapes()
        {
            var s = (string)JsonReader.Parse("\"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00\"");
            Assert.Equal("a\"b\\c/d\n\u00e9\U0001F600", s);
            Assert.Equal("\"a\\\"b\\\\c/d\\n\u00e9\U0001F600\"", JsonWriter.Write(s));
            Assert.Equal("\"\\u0001\\u2028\"", JsonWriter.Write("\u0001\u2028"));
        }

        [Test]
        public void NumbersKeepTheirText()
        {
            var o = (JsonObject)JsonReader.Parse("{\"big\":123456789012345678901234567890,\"f\":1.50,\"e\":1e3,\"neg\":-7}");
            Assert.Equal("{\"big\":123456789012345678901234567890,\"f\":1.50,\"e\":1e3,\"neg\":-7}", o.ToString());
            Assert.Null(o.GetLong("big"), "too big for long");
            Assert.Equal(1000L, o.GetLong("e").Value);
            Assert.Null(o.GetLong("f"), "fraction is no integer");
            Assert.Equal(-7L, o.GetLong("neg").Value);
        }

        [Test]
        public void RejectsMalformedText()
        {
            foreach (string bad in new[] { "", "{", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "01", "1.", "-", "\"\\x\"", "\"a", "tru", "{\"a\":1} x",
                "{\"a\":1,\"a\":2}", "\"\u0001\"", "{'a':1}", "NaN" })
                Assert.Throws<System.FormatException>(() => JsonReader.Parse(bad), "rejects <" + bad + ">");
            Assert.Null(JsonReader.TryParseObject("[1]"), "an array is not an object");
            Assert.Null(JsonReader.TryParseObject("not json"), "garbage");
        }

        [Test]
        public void NestingIsCapped()
        {
            string deep = new string('[', 100) + new string(']', 100);
            Assert.Throws<System.FormatException>(() => JsonReader.Parse(deep), "100 levels");
            Assert.NotNull(JsonReader.Parse(new string('[', 60) + new string(']', 60)), "60 levels");
        }

        [Test]
        public void WritesBodiesInOrderAndSkipsNulls()
        {
            var comps = new Dictionary<string, string> { { "machine_id", "abc" } };
            var o = new JsonObject().With("b", 1).With("a", "x").With("skip", null).With("c", comps).With("l", new List<object> { true, null, 2.5 });
            Assert.Equal("{\"b\":1,\"a\":\"x\",\"c\":{\"machine_id\":\"abc\"},\"l\":[true,null,2.5]}", o.ToString());
            Assert.Equal("{\"d\":{\"x\":[1]}}", new JsonObject().With("d", new RawJson(" {\"x\":[1]} ")).ToString());
            Assert.Throws<System.FormatException>(() => new RawJson("{oops}"), "raw JSON is checked");
        }
    }
}
