export default {
  path: "/integration/",
  title: "Desktop integration guide — ChartGPT docs",
  description: "How a desktop app activates, validates and works offline with the ChartGPT licensing API, with C# and TypeScript token verification.",
  render: ({ config, esc, snippet }) => `
<h1>Desktop integration guide</h1>
<p>The desktop app talks to three endpoints and carries one signed token. The license key is the credential; there is no session. Base URL: <code>${esc(config.apiOrigin)}</code>. Full schemas are in the <a href="/api/">API reference</a>.</p>

<h2 id="fingerprint">Machine fingerprint</h2>
<p>Choose a stable, opaque identifier per computer (8–256 printable ASCII characters), for example a SHA-256 of the Windows MachineGuid and the user SID. Send the same value every time: it is what “one seat per machine” counts.</p>

<h2 id="activate">Activation flow</h2>
<ol>
  <li>The user pastes the key. Call <code>POST /v1/licenses/activate</code> with <code>license_key</code>, <code>fingerprint</code> and, optionally, <code>name</code>, <code>platform</code>, <code>app_version</code>.</li>
  <li><strong>201</strong>: a new seat. <strong>200</strong>: this machine already had one (same activation; no extra seat). Both return <code>activation</code>, <code>license</code> and <code>token</code>.</li>
  <li>Store the key, the token and a copy of <code>GET /.well-known/jwks.json</code>.</li>
</ol>
<pre><code>POST /v1/licenses/activate
{ "license_key": "CGPT-…", "fingerprint": "machine-…", "name": "Trading desk", "platform": "windows", "app_version": "1.2.0" }

201 Created
{ "activation": { "id": "act_…", … }, "license": { "id": "lic_…", "status": "active", "seats": 2, "seats_used": 1, … }, "token": "eyJ…" }</code></pre>

<h2 id="validate">Validation: what to do for each outcome</h2>
<p>Call <code>POST /v1/licenses/validate</code> at start-up and every few hours. A well-formed request always gets <strong>200</strong>; the outcome is <code>code</code>:</p>
<table class="responsive"><thead><tr><th scope="col">code</th><th scope="col">means</th><th scope="col">the app should</th></tr></thead><tbody>
<tr><td><code>VALID</code></td><td>Licensed on this machine.</td><td>Run. Replace the stored token with the new one.</td></tr>
<tr><td><code>NOT_ACTIVATED</code></td><td>The key is fine but this machine holds no seat (deactivated from the portal, or seats reduced).</td><td>Stop licensed features; offer to activate (which may answer <code>SEAT_LIMIT_REACHED</code>).</td></tr>
<tr><td><code>SUSPENDED</code></td><td>A payment dispute is open.</td><td>Stop licensed features; say the license is suspended pending the dispute. Check again later.</td></tr>
<tr><td><code>REVOKED</code></td><td>Refunded, lost dispute, or revoked by support.</td><td>Stop licensed features; delete the stored token.</td></tr>
<tr><td><code>NOT_FOUND</code></td><td>No such key.</td><td>Ask for the key again.</td></tr>
</tbody></table>

<h2 id="offline">Offline grace with the signed token</h2>
<p>The token is a compact JWS signed with Ed25519 (<code>alg: EdDSA</code>, header <code>typ: license+jwt</code> and <code>kid</code>). Claims: <code>iss</code> (the API origin), <code>aud</code> = <code>desktop</code>, <code>sub</code> (license id), <code>act</code> (activation id), <code>fp</code> (SHA-256 hex of the fingerprint), <code>seats</code>, <code>ent</code> (entitlements), <code>iat</code>, <code>exp</code> (14 days after <code>iat</code>).</p>
<p>When the API cannot be reached, verify the stored token against the saved JWKS: right signature, <code>iss</code>, <code>aud</code>, not expired, and <code>fp</code> equal to this machine's fingerprint hash. If it passes, keep working until <code>exp</code>. Refresh the saved JWKS whenever you are online: keys rotate, and the old key stays listed until every token it signed has expired.</p>
<h3 id="csharp">C# (NinjaTrader 8 add-on, .NET Framework 4.8)</h3>
${snippet("LicenseTokenVerifier.cs")}
<h3 id="typescript">TypeScript (jose)</h3>
${snippet("verify-license-token.ts")}

<h2 id="errors">Errors and retries</h2>
<p>Every non-2xx answer has the same envelope, and every response has an <code>X-Request-Id</code> header equal to <code>request_id</code> (quote it to support):</p>
<pre><code>{ "error": { "code": "SEAT_LIMIT_REACHED", "message": "…", "request_id": "req_…", "details": { } } }</code></pre>
<table class="responsive"><thead><tr><th scope="col">answer</th><th scope="col">kind</th><th scope="col">the app should</th></tr></thead><tbody>
<tr><td><code>400 INVALID_REQUEST</code>, <code>413</code></td><td>Final</td><td>A bug in the request (<code>details.fields</code> names each bad field). Do not retry unchanged.</td></tr>
<tr><td><code>404 LICENSE_NOT_FOUND</code>, <code>ACTIVATION_NOT_FOUND</code></td><td>Final</td><td>Ask for the key again / treat the machine as not activated.</td></tr>
<tr><td><code>403 LICENSE_SUSPENDED</code>, <code>LICENSE_REVOKED</code></td><td>Final until the license changes</td><td>Explain; do not loop.</td></tr>
<tr><td><code>409 SEAT_LIMIT_REACHED</code></td><td>Final until a seat is freed</td><td>Point the user to the portal to deactivate a machine.</td></tr>
<tr><td><code>429 RATE_LIMITED</code></td><td>Transient</td><td>Wait <code>Retry-After</code> seconds, then retry.</td></tr>
<tr><td><code>503 UNAVAILABLE</code>, <code>500</code>, timeouts, no network</td><td>Transient — <strong>offline</strong></td><td>Nothing was half-applied; retry with backoff (e.g. 2 s, 4 s, 8 s … up to 5 min). Meanwhile keep running on the stored token's grace.</td></tr>
</tbody></table>
<p>Activation and validation are safe to retry. A deactivation retried after a lost answer may say <code>ACTIVATION_NOT_FOUND</code>: treat that as done.</p>`,
};
