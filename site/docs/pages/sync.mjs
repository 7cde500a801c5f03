export default {
  path: "/sync/",
  title: "Syncing settings between machines — ChartGPT docs",
  description:
    "Desktop sync with the ChartGPT client libraries: what to sync and what never to, the limits, revisions and conflicts, the live feed, and working offline.",
  render: ({ snippet }) => `
<h1>Syncing settings between machines</h1>
<p class="lede">A trader sets ChartGPT up on the desk PC; the laptop should have the same settings and prompt presets without doing it again. Sync keeps small JSON documents with the customer's account and tells every machine of it when one changes.</p>
<p>Both <a href="/integration/">client libraries</a> have the same calls: <code>Sync.ListDocuments</code>, <code>GetDocument</code>, <code>PutDocument</code>, <code>DeleteDocument</code>, <code>UpdateDocument</code> and <code>Subscribe</code> in C#; <code>listDocuments</code>, <code>getDocument</code>, <code>putDocument</code>, <code>deleteDocument</code>, <code>updateDocument</code> and <code>subscribe</code> in TypeScript. They authenticate with the machine's license token (renewing it through a validate when the API asks), so a machine syncs exactly while it holds a seat on a license that is active.</p>

<h2 id="what">What to sync, and what never to</h2>
<ul>
  <li><strong>Sync</strong> what the trader would otherwise set up twice: display settings, prompt presets, the instruments and timeframes a preset applies to, layout choices.</li>
  <li><strong>Never sync the customer's AI provider key</strong>, nor any password or token. Documents reach every machine of the account, the customer's portal lists them, and a machine that is sold or given away with its seat still active could read them. Keep the key on the machine: DPAPI (<code>ProtectedData</code>, CurrentUser) in C#, <code>safeStorage</code> in Electron. Each machine asks for it once.</li>
  <li>Nothing that changes per tick or per bar: sync is for what a person changes.</li>
</ul>

<h2 id="limits">Limits</h2>
<table class="responsive"><thead><tr><th scope="col">what</th><th scope="col">limit</th><th scope="col">past it</th></tr></thead><tbody>
<tr><td>name</td><td><code>^[a-z0-9][a-z0-9._-]{0,63}$</code> (lower case, digits, <code>.</code> <code>_</code> <code>-</code>)</td><td>the libraries refuse it before sending (<code>INVALID_REQUEST</code>)</td></tr>
<tr><td>size of one document</td><td>64&nbsp;KiB of <code>data</code> as compact UTF-8 JSON</td><td><code>PAYLOAD_TOO_LARGE</code> (413)</td></tr>
<tr><td>documents per account</td><td>100 (deleted ones do not count)</td><td><code>DOCUMENT_LIMIT_REACHED</code> (409): delete one first</td></tr>
<tr><td>calls per machine</td><td>as for validation (120 a minute by default)</td><td><code>RATE_LIMITED</code> (429, with <code>Retry-After</code>)</td></tr>
</tbody></table>
<p>A few documents of a few kilobytes each is the intended use: one for settings, one for presets, rather than one per preset.</p>

<h2 id="conflicts">Revisions and conflicts</h2>
<p>Every document has a revision that only grows. A write names the revision it replaces (<code>baseRev</code>, 0 for a document that does not exist); if another machine wrote since, the write is refused with <code>REVISION_CONFLICT</code> and the revision that won (<code>Rev</code> in C#, <code>currentRev</code> in TypeScript). Of two machines writing at once, exactly one wins. Nothing is ever overwritten unseen.</p>
<p>So write through the helper: <code>UpdateDocument</code> / <code>updateDocument</code> reads the newest copy, hands it to your merge function, writes the result over that revision, and on a conflict reads and merges again (five attempts by default). Merge by applying the <em>change</em> the person made (“add this preset”, “rename that one”) to whatever is newest, not by writing back a whole copy from before.</p>
<p>A deleted document becomes a tombstone: reading it is <code>NOT_FOUND</code>, a machine that still writes on its old revision gets <code>REVISION_CONFLICT</code> (so it learns of the delete instead of bringing the document back unnoticed), and a write on 0 creates it again, its revisions continuing. The libraries forget a document's revision when they find it deleted.</p>
<h3 id="conflicts-typescript">TypeScript</h3>
${snippet("sync-settings.ts")}
<h3 id="conflicts-csharp">C#</h3>
${snippet("SyncedSettings.cs")}

<h2 id="live">The live feed</h2>
<p><code>Subscribe</code> / <code>subscribe</code> keeps a WebSocket open to the API; every change of a document of the account (including this machine's own writes) arrives within a second as <code>{ name, rev, deleted, updatedBy }</code> — the event carries no data: fetch the document. The libraries reconnect by themselves with exponential backoff and jitter. Changes made while disconnected are not replayed, so read again whenever the feed (re)connects.</p>
<p>When the machine may no longer sync — it was deactivated, the license was revoked or suspended — the API closes its feed (code 4001) and refuses its calls with <code>UNAUTHORIZED</code>. The libraries validate once (which renews a merely expired token) and reconnect; when that does not help, the feed stops with <code>UNAUTHORIZED</code> and the validate's own answer tells the app what happened (<a href="/integration/#outcomes">outcomes</a>).</p>

<h2 id="offline">Offline</h2>
<p>Sync needs the API; licensing does not (offline grace). So never make the app depend on a sync call: keep the last copy of each document on the machine, start from it, and treat <code>NETWORK</code> as “later”, not as an error to show.</p>
<ol>
  <li>Change settings locally at once, and queue the change (in the state directory or next to it).</li>
  <li>When the API is back (a sync call succeeds, or the feed reconnects), push the queued changes through the helper: each is applied to the newest copy, so nothing another machine did meanwhile is lost.</li>
  <li>Then read every document again (<code>ListDocuments</code> tells what changed: compare revisions with the ones you hold), since the feed did not tell you while you were away.</li>
</ol>
<p>The raw endpoints, for a client of your own, are under <em>Desktop sync</em> in the <a href="/api/">API reference</a>: the same license token as <code>Authorization: Bearer …</code>, <code>ETag</code> on reads, revisions as above.</p>`,
};
