using System;

namespace ChartGpt.Licensing.Tests
{
    /// <summary>Sync calls against a scripted API (API.md "Desktop sync").</summary>
    public class SyncTests
    {
        [Test]
        public void PutGetListDeleteWithTheBearerToken()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Api.Answer(200, "{\"name\":\"settings\",\"rev\":1,\"updated_at\":\"2030-01-01T00:00:00Z\"}");
                SyncResult put = c.Sync.PutDocument("settings", "{\"theme\":\"dark\",\"n\":[1,2]}", 0);
                Assert.True(put.Ok, "put: " + put.Code);
                Assert.Equal(1L, put.Rev.Value, "rev");
                Assert.Equal("PUT", h.Api.Calls[1].Method, "method");
                Assert.Equal("/v1/sync/documents/settings", h.Api.Calls[1].Url.AbsolutePath, "path");
                Assert.Equal(h.Tokens.ValidToken, h.Api.Calls[1].Bearer, "bearer token");
                Assert.Equal("{\"data\":{\"theme\":\"dark\",\"n\":[1,2]},\"base_rev\":0}", h.Api.Calls[1].Body, "body");
                Assert.Equal(1L, c.Sync.KnownRevision("settings").Value, "remembered");

                h.Api.Answer(200, "{\"name\":\"settings\",\"rev\":4,\"updated_at\":\"x\",\"updated_by\":\"act_2\",\"data\":{\"theme\":\"light\",\"extra\":{\"a\":null}}}");
                SyncResult get = c.Sync.GetDocument("settings");
                Assert.Equal("{\"theme\":\"light\",\"extra\":{\"a\":null}}", get.Document.Data, "data");
                Assert.Equal("act_2", get.Document.UpdatedBy, "updated_by");
                Assert.Equal(4L, c.Sync.KnownRevision("settings").Value, "remembered after get");

                h.Api.Answer(200, "{\"documents\":[{\"name\":\"settings\",\"rev\":4,\"size\":17,\"updated_at\":\"x\",\"updated_by\":\"act_2\"},{\"name\":\"presets\",\"rev\":2,\"size\":3}]}");
                SyncResult list = c.Sync.ListDocuments();
                Assert.Equal(2, list.Documents.Count, "two documents");
                Assert.Equal(17L, list.Documents[0].Size.Value, "size");

                h.Api.Answer(200, "{\"name\":\"settings\",\"rev\":5,\"deleted\":true}");
                SyncResult del = c.Sync.DeleteDocument("settings", 4);
                Assert.True(del.Ok, "deleted");
                Assert.Equal("/v1/sync/documents/settings?base_rev=4", h.Api.Calls[4].Url.PathAndQuery, "delete query");
            }
        }

        [Test]
        public void ConflictReportsTheCurrentRevision()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Api.Error(409, "REVISION_CONFLICT", null, "{\"current_rev\":7}");
                SyncResult r = c.Sync.PutDocument("settings", "{}", 3);
                Assert.Equal(LicenseCodes.RevisionConflict, r.Code);
                Assert.Equal(7L, r.Rev.Value, "current rev");
            }
        }

        [Test]
        public void UpdateDocumentMergesAndRetriesOnConflict()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Api.Answer(200, "{\"name\":\"p\",\"rev\":2,\"data\":{\"items\":[\"a\"]}}")
                    .Error(409, "REVISION_CONFLICT", null, "{\"current_rev\":3}")
                    .Answer(200, "{\"name\":\"p\",\"rev\":3,\"data\":{\"items\":[\"a\",\"b\"]}}")
                    .Answer(200, "{\"name\":\"p\",\"rev\":4}");
                int merges = 0;
                SyncResult r = c.Sync.UpdateDocument("p", doc =>
                {
                    merges++;
                    return doc.Data.Replace("]", ",\"mine\"]");
                });
                Assert.True(r.Ok, "merged: " + r.Code);
                Assert.Equal(4L, r.Rev.Value, "final rev");
                Assert.Equal(2, merges, "merged twice");
                Assert.Equal("{\"data\":{\"items\":[\"a\",\"b\",\"mine\"]},\"base_rev\":3}", h.Api.Calls[4].Body, "second write on top of rev 3");
            }
        }

        [Test]
        public void UpdateCreatesAMissingDocument()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Api.Error(404, "NOT_FOUND").Answer(200, "{\"name\":\"new\",\"rev\":1}");
                SyncResult r = c.Sync.UpdateDocument("new", doc => doc == null ? "{\"v\":1}" : null);
                Assert.True(r.Ok, "created");
                Assert.True(h.Api.Calls[2].Body.EndsWith("\"base_rev\":0}"), "base_rev 0 creates");
            }
        }

        [Test]
        public void UnauthorizedRevalidatesOnceAndRetries()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Api.Error(401, "UNAUTHORIZED")
                    .Answer(200, ClientHarness.ValidBody(h.Tokens.Token("next-key")))
                    .Answer(200, "{\"documents\":[]}");
                SyncResult r = c.Sync.ListDocuments();
                Assert.True(r.Ok, "listed after revalidation: " + r.Code);
                Assert.Equal(h.Tokens.Token("next-key"), h.Api.Calls[3].Bearer, "retried with the fresh token");
            }
        }

        [Test]
        public void NamesAndJsonAreCheckedBeforeSending()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                Assert.Equal("INVALID_REQUEST", c.Sync.GetDocument("../etc/passwd").Code, "path traversal name");
                Assert.Equal("INVALID_REQUEST", c.Sync.PutDocument("Settings", "{}", 0).Code, "upper case");
                Assert.Equal("INVALID_REQUEST", c.Sync.PutDocument("ok", "{not json", 0).Code, "bad JSON");
                Assert.Equal(1, h.Api.Calls.Count, "nothing sent");
            }
        }

        [Test]
        public void ADeletedDocumentIsForgottenSoTheNextWriteCreatesItAgain()
        {
            using (var h = new ClientHarness())
            {
                LicenseClient c = h.Activated();
                h.Api.Answer(200, "{\"name\":\"notes\",\"rev\":3,\"updated_at\":\"x\"}");
                c.Sync.PutDocument("notes", "1", 2);
                Assert.Equal(3L, c.Sync.KnownRevision("notes").Value, "known after the put");
                // Another machine deleted it: reading says so, with its tombstone's revision.
                h.Api.Error(404, "NOT_FOUND", null, "{\"current_rev\":4,\"deleted\":true}");
                SyncResult gone = c.Sync.GetDocument("notes");
                Assert.Equal(LicenseCodes.NotFound, gone.Code, "not found");
                Assert.Equal(null, gone.Rev, "rev is only reported for conflicts");
                Assert.Equal(null, c.Sync.KnownRevision("notes"), "forgotten");

                h.Api.Answer(200, "{\"name\":\"notes\",\"rev\":1,\"updated_at\":\"x\"}").Answer(200, "{\"name\":\"notes\",\"rev\":2,\"deleted\":true}");
                c.Sync.PutDocument("notes", "1", 0);
                Assert.True(c.Sync.DeleteDocument("notes", 1).Ok, "deleted");
                Assert.Equal(null, c.Sync.KnownRevision("notes"), "forgotten after its own delete");
            }
        }

        [Test]
        public void NoTokenIsNoState()
        {
            using (var h = new ClientHarness())
            {
                Assert.Equal(LicenseCodes.NoState, h.Client().Sync.ListDocuments().Code, "not activated");
            }
        }
    }
}
