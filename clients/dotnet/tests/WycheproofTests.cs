using System;
using System.Collections.Generic;
using System.IO;
using ChartGpt.Licensing.Crypto;
using ChartGpt.Licensing.Json;

namespace ChartGpt.Licensing.Tests
{
    /// <summary>
    /// Every Ed25519 case of Project Wycheproof (clients/dotnet/tests/vectors/wycheproof-ed25519_test.json,
    /// Apache-2.0) must come out as the file says: "valid" verifies, "invalid" does not.
    /// </summary>
    public class WycheproofTests
    {
        [Test]
        public void EveryCaseAsExpected()
        {
            string path = Fixtures.Wycheproof;
            var root = (JsonObject)JsonReader.Parse(File.ReadAllText(path));
            int valid = 0, invalid = 0, acceptable = 0, wrong = 0;
            var failures = new List<string>();
            foreach (JsonObject group in root.GetArray("testGroups"))
            {
                byte[] pk = Codec.FromHex(group.GetObject("publicKey").GetString("pk"));
                foreach (JsonObject t in group.GetArray("tests"))
                {
                    string result = t.GetString("result");
                    bool ok = Ed25519.Verify(pk, Codec.FromHex(t.GetString("msg")), Codec.FromHex(t.GetString("sig")));
                    if (result == "acceptable") { acceptable++; continue; }
                    bool expected = result == "valid";
                    if (expected) valid++; else invalid++;
                    if (ok != expected)
                    {
                        wrong++;
                        failures.Add(t.GetLong("tcId") + " (" + t.GetString("comment") + ") expected " + result);
                    }
                }
            }
            Console.WriteLine("     wycheproof: " + valid + " valid + " + invalid + " invalid cases checked, " + acceptable + " acceptable, " + wrong + " wrong");
            Assert.True(valid + invalid == root.GetLong("numberOfTests"), "every case was run");
            Assert.True(wrong == 0, "wrong answers: " + string.Join("; ", failures));
        }
    }
}
