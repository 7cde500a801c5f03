const code = (c) => `<code>${c}</code>`;

/** The outcome table: every code the libraries report, what it means, what the app does. */
const OUTCOMES = [
  [["ACTIVATED", "ALREADY_ACTIVE", "VALID"], "Online, licensed on this machine (a new seat, the seat it already had, or a good check).", "Run."],
  [
    ["VALID_OFFLINE"],
    "The API could not be reached (or answered 5xx/429); the stored token is good until <code>expiresAt</code>.",
    "Run. Say when offline use ends if it is close.",
  ],
  [["OFFLINE_EXPIRED"], "Offline for longer than the token's lifetime (14 days).", "Stop licensed features; ask the customer to connect."],
  [
    ["CLOCK_ROLLBACK"],
    "The computer's clock is more than an hour behind a time the library has already seen.",
    "Ask them to fix the clock, then validate online.",
  ],
  [["OFFLINE_TOKEN_INVALID"], "The stored token was tampered with, belongs to another machine, or is not signed by a pinned key.", "Offer to activate again."],
  [["NO_STATE"], "Nothing stored, or the state was edited or damaged.", "Show the activation window."],
  [
    ["REVOKED", "LICENSE_REVOKED"],
    "Refunded, lost dispute, or revoked by support. Final: the stored token is dropped at once.",
    "Stop licensed features; link to the customer portal.",
  ],
  [["SUSPENDED", "LICENSE_SUSPENDED"], "A payment dispute is open. Final until it is resolved.", "Stop licensed features; say why."],
  [["NOT_ACTIVATED"], "The key is fine but this machine holds no seat (deactivated in the portal, seats reduced). Final.", "Offer to activate again."],
  [["NOT_FOUND", "LICENSE_NOT_FOUND"], "No license has this key. Final.", "Ask for the key again."],
  [["SEAT_LIMIT_REACHED"], "Every seat of the license is taken.", "Point to the portal to deactivate a machine."],
  [["DEACTIVATION_LIMIT_REACHED"], "Too many machine moves in 30 days.", "Point to support."],
  [["DEACTIVATED"], "This machine's seat is free; key and token are forgotten here.", "Show the activation window."],
  [["ACCESS_DENIED"], "Sign-in: the customer pressed Deny in the portal. Nothing is stored.", "Say so; offer to sign in again or to paste the key."],
  [["EXPIRED_TOKEN"], "Sign-in: the code was not approved within its 10 minutes.", "Offer to start again (a new code)."],
  [["CANCELLED"], "Sign-in: the app stopped waiting (its cancellation signal or token).", "Nothing; the customer closed the window."],
  [
    ["NETWORK", "RATE_LIMITED", "UNAVAILABLE", "INTERNAL"],
    "Could not find out, and no usable token is stored.",
    "Try again later; do not call the customer unlicensed for it.",
  ],
];

export const OUTCOME_CODES = OUTCOMES.flatMap(([codes]) => codes);

export default {
  path: "/integration/",
  title: "Desktop integration guide — ChartGPT docs",
  description:
    "Add licensing to a desktop app with the ChartGPT client libraries (C# for NinjaTrader 8, TypeScript for Node and Electron): activation, sign-in without a key, validation, offline grace, key pinning.",
  render: ({ config, esc, snippet }) => `
<h1>Desktop integration guide</h1>
<p class="lede">Link one library and call five methods. The libraries do the HTTP, the retries, the signed offline token, the clock checks and the local state; this page says what to call when, and what to do with each answer.</p>
<p>Two libraries with the same behaviour and the same outcome codes: <strong>C#</strong> (<code>ChartGpt.Licensing</code>, .NET Framework 4.8 and C#&nbsp;6, framework assemblies only) for a <a href="/ninjatrader/">NinjaTrader&nbsp;8 add-on</a>, and <strong>TypeScript</strong> (<code>@chartgpt/license-client</code>, Node ≥ 20, ESM) for Node and Electron apps. Both talk to <code>${esc(config.apiOrigin)}</code>; the raw endpoints are in the <a href="/api/">API reference</a>.</p>

<h2 id="install">Install</h2>
<ul>
  <li><strong>C# in NinjaTrader&nbsp;8</strong>: either copy the library's sources into <code>Documents\\NinjaTrader 8\\bin\\Custom\\AddOns\\ChartGptLicensing\\</code>, or copy <code>ChartGpt.Licensing.dll</code> to <code>Documents\\NinjaTrader 8\\bin\\Custom\\</code> and add it in the NinjaScript Editor under <strong>References</strong>, with <code>System.Numerics.dll</code> and <code>System.Security.dll</code>. Step by step: <a href="/ninjatrader/">Integrating in NinjaTrader&nbsp;8</a>.</li>
  <li><strong>TypeScript</strong>: install the package tarball from <a href="${esc(config.siteOrigin)}/downloads/#libraries">Downloads</a> (<code>npm install ./chartgpt-license-client-0.1.0.tgz</code>), then <code>import { LicenseClient } from "@chartgpt/license-client"</code>. Use it in the Electron <em>main</em> process, never in a renderer.</li>
</ul>
<p>Both builds are on the <a href="${esc(config.siteOrigin)}/downloads/#libraries">downloads page</a> with their SHA-256.</p>

<h2 id="setup">One client per app</h2>
<p>Create the client once per process, with the API address, the issuer its tokens must name, the <a href="#keys">pinned public keys</a> and a state directory per user. In NinjaTrader, keep it in a small static class that every indicator or add-on shares:</p>
${snippet("ChartGptLicense.cs")}

<h2 id="calls">The five calls</h2>
<p>The same five methods in both libraries: <code>Activate</code>, <code>Validate</code>, <code>Deactivate</code>, <code>Status</code>, <code>SignIn</code> in C# (blocking), <code>activate</code>, <code>validate</code>, <code>deactivate</code>, <code>status</code>, <code>signIn</code> in TypeScript (promises).</p>
<table class="responsive"><thead><tr><th scope="col">call</th><th scope="col">does</th><th scope="col">when</th></tr></thead><tbody>
<tr><td><strong>activate</strong></td><td>Takes a seat for this machine and stores key and token. Again on the same machine: the same seat (<code>ALREADY_ACTIVE</code>). Without a key: the stored one.</td><td>The customer pastes the key from the purchase email.</td></tr>
<tr><td><strong>validate</strong></td><td>Asks the API; stores the fresh token. When the API cannot be reached (after retries), decides from the stored token: <a href="#offline">offline grace</a>.</td><td>At start-up, once per session, off the UI thread; again every few hours if the app stays open.</td></tr>
<tr><td><strong>deactivate</strong></td><td>Frees the seat and forgets key, token and sync marks here.</td><td>“Move to another computer”.</td></tr>
<tr><td><strong>status</strong></td><td>The offline decision from the stored state only: no network, no writes.</td><td>A status line, a quick check before an AI request.</td></tr>
<tr><td><strong>sign&nbsp;in</strong></td><td>Sign-in without a key (device authorization): hands you a code to show, waits while the customer approves it in the portal, then stores key and token like <code>Activate</code>. <a href="#sign-in">How it works</a>.</td><td>The customer has no key at hand: the default way in, with “paste a key” beside it.</td></tr>
</tbody></table>
<p>None of them throws for an API or network outcome. Each returns a result: <code>Valid</code>/<code>valid</code> gates the features, <code>Code</code>/<code>code</code> says why, <code>ExpiresAt</code>/<code>expiresAt</code> is the end of offline use. They block (C#) or await (TypeScript) on the network, with retries: never call them on the UI thread, never per bar or per tick.</p>
<h3 id="calls-csharp">C#</h3>
${snippet("LicenseActions.cs")}
<h3 id="calls-typescript">TypeScript</h3>
${snippet("license-client.ts")}

<h2 id="sign-in">Sign in without a key</h2>
<p><code>SignIn</code> / <code>signIn</code> asks the API for a code and calls your callback at once with what to show: the user code (<code>XXXX-XXXX</code>), the address (the portal's <code>/activate/</code> page) and the same address with the code filled in, for an “Open browser” button or a QR code. Show both in large type and keep the window open. The call then waits, polling at the interval the API gives (5&nbsp;s, longer after a <code>SLOW_DOWN</code>), until the customer presses <strong>Approve</strong> (<code>ACTIVATED</code>: key and token are stored, and every other call works as after <code>Activate</code>), <strong>Deny</strong> (<code>ACCESS_DENIED</code>), or the code expires after 10 minutes (<code>EXPIRED_TOKEN</code>). Network trouble while waiting does not end it. Run it off the UI thread and pass a cancellation signal or token for the window's Cancel button (<code>CANCELLED</code>). The two snippets above (<code>SignInAsync</code>, <code>onSignIn</code>) show the call; the command-line programs do the same with <code>sign-in</code>:</p>
<pre><code>npm run client:ts -- sign-in --state ./license --name "Trading desk"
Open ${esc(config.portalOrigin)}/activate/ and enter BCDF-GHJK      (stderr, at once)
{"ok":true,"code":"ACTIVATED","activation_id":"act_…","seats":2,"seats_used":1,"user_code":"BCDF-GHJK",…}</code></pre>
<p>On the wire it is OAuth 2.0 device authorization (RFC 8628) with this API's error envelope:</p>
<pre><code>POST /v1/device/authorize   { "fingerprint": "…", "name": "Trading desk", "platform": "windows", "app_version": "1.4.0" }
→ 200 { "device_code": "…", "user_code": "BCDF-GHJK",
        "verification_uri": "${esc(config.portalOrigin)}/activate/",
        "verification_uri_complete": "${esc(config.portalOrigin)}/activate/?code=BCDF-GHJK",
        "expires_in": 600, "interval": 5 }

POST /v1/device/token       { "device_code": "…" }        every interval seconds
→ 400 AUTHORIZATION_PENDING   keep waiting
→ 400 SLOW_DOWN               polled too soon: add 5 s to the interval
→ 400 ACCESS_DENIED           denied in the portal: stop
→ 400 EXPIRED_TOKEN           unknown or expired code: stop, offer a new one
→ 200 { "license_key": "CGPT-…", "activation": { … }, "license": { … }, "token": "…" }
      the same answer to every poll until the code expires: store it as after activate</code></pre>
<p>The <code>device_code</code> is the app's secret: never show it, log it or put it in the address. Only the <code>user_code</code> is for the customer. <code>components</code> may be sent as on activate, so a sign-in on a machine that was reinstalled keeps its seat.</p>

<h2 id="outcomes">What to do with each outcome</h2>
<table class="responsive"><thead><tr><th scope="col">code</th><th scope="col">means</th><th scope="col">the app should</th></tr></thead><tbody>
${OUTCOMES.map(([codes, means, should]) => `<tr><td>${codes.map(code).join(", ")}</td><td>${means}</td><td>${should}</td></tr>`).join("\n")}
</tbody></table>
<p><strong>Final</strong> answers (<code>REVOKED</code>, <code>SUSPENDED</code>, <code>NOT_ACTIVATED</code>, <code>NOT_FOUND</code> and their <code>LICENSE_*</code> forms) end offline grace at once: the stored token is dropped, and <code>Status()</code> reports the same code until the license changes. Everything else that is not an answer — no connection, timeouts, 5xx, 429 — keeps the token.</p>

<h2 id="offline">Offline grace</h2>
<p>Every good online answer carries a token: a compact JWS signed with Ed25519 (<code>alg: EdDSA</code>, <code>typ: license+jwt</code>, <code>kid</code>), valid 14 days. Claims: <code>iss</code> (the API origin), <code>aud</code> = <code>desktop</code>, <code>sub</code> (license id), <code>act</code> (activation id), <code>acc</code> (account id), <code>fp</code> (SHA-256 hex of the machine's fingerprint), <code>seats</code>, <code>ent</code>, <code>iat</code>, <code>exp</code>. The same token is the machine's credential for <a href="/sync/">sync</a>.</p>
<p>When the API cannot be reached, the library accepts the stored token only if its signature verifies with a <a href="#keys">pinned key</a>, <code>aud</code> and <code>iss</code> match, <code>fp</code> is this machine's, the computer's clock is not more than an hour behind the latest time already seen (the server's, or the library's own earlier readings), and <code>exp</code> is ahead. Then <code>Validate()</code> answers <code>VALID_OFFLINE</code>. Network errors, 5xx and <code>429 RATE_LIMITED</code> are retried first with exponential backoff and jitter; a <code>Retry-After</code> of up to 30&nbsp;s is waited out, a longer one is not (the app keeps running on its token).</p>
<p>So a customer can trade for two weeks without the license server. Validate whenever you are online: each good answer renews the token and resets the clock mark to the server's time.</p>

<h2 id="keys">Key pinning and rotation</h2>
<p>The library trusts only the public keys compiled into your build — the key that signs tokens today (<em>current</em>) and the one that will sign next (<em>next</em>). Get them from the live API, public parts only:</p>
<pre><code>npm run keys:export -- keys.json --api ${esc(config.apiOrigin)}</code></pre>
<p>and compile them in: in the library's <code>Tokens/ProductKeys.cs</code> (C#) or <code>PINNED_KEYS</code> (TypeScript), or — with the prebuilt DLL or package from the downloads page, which pin no keys — in constants of your own code passed as <code>PinnedKeys</code> / <code>pinnedKeys</code>:</p>
${snippet("ProductKeys.cs")}
${snippet("pinned-keys.ts")}
<p><strong>Rotation</strong> never strands an installed app:</p>
<ol>
  <li>Generate the next key and set it as <code>TOKEN_NEXT_JWK</code> on the API. <code>/.well-known/jwks.json</code> publishes it at once; nothing is signed with it yet.</li>
  <li>Ship releases that pin current <em>and</em> next, and wait until most installs have updated.</li>
  <li>Rotate: the next key becomes <code>TOKEN_SIGNING_JWK</code>, the old one moves to <code>TOKEN_PREVIOUS_JWKS</code> (still published while its tokens live). Apps that pinned it validate as before; pin a new next key in the following release.</li>
</ol>
<p>An app that does not pin the signing key still works online, but its offline grace fails (<code>OFFLINE_TOKEN_INVALID</code>); <code>Activate</code> and <code>Validate</code> say so in their <code>message</code> right away.</p>

<h2 id="never">Never</h2>
<ul>
  <li><strong>Never trust a key set the app downloaded or read from disk</strong> — not <code>/.well-known/jwks.json</code> at run time, not a file in the state directory. A customer could write their own key into it and sign a token good for years. The libraries never read one; keep it that way in your own code.</li>
  <li><strong>Never store the customer's AI provider key in synced data.</strong> Synced documents live with the account and reach every machine of it. Keep the key on the machine: DPAPI (<code>ProtectedData</code>, CurrentUser) in C#, <code>safeStorage</code> in Electron. What to sync instead, and how: <a href="/sync/">Syncing settings between machines</a>.</li>
  <li>Never call the API per bar, per tick or from the UI thread; check once per session and use <code>IsLicensed</code> / <code>status()</code> in between.</li>
  <li>Never treat “could not reach the server” as “not licensed”: that is what offline grace is for. And never keep running after a final answer.</li>
</ul>

<h2 id="state">Where the state lives</h2>
<p>One directory per user (the snippets: <code>%LOCALAPPDATA%\\ChartGPT\\license</code>, Electron's <code>userData/license</code>): the key, the last token, the clock mark. Files are written atomically; in C# on Windows the key and token are DPAPI-protected, elsewhere the files are created 0600. An edited or damaged file reads as <code>NO_STATE</code> (or, for the token, <code>OFFLINE_TOKEN_INVALID</code>), never as valid.</p>

<h2 id="http">Without the libraries</h2>
<p>Every call is plain JSON over HTTPS (<a href="/api/">API reference</a>). Every non-2xx answer has the same envelope, and every response an <code>X-Request-Id</code> header equal to <code>request_id</code> (quote it to support):</p>
<pre><code>{ "error": { "code": "SEAT_LIMIT_REACHED", "message": "…", "request_id": "req_…", "details": { } } }</code></pre>
<p>If you write your own client, do what the libraries do: retry only network errors, 5xx and 429 (honouring <code>Retry-After</code>); treat the final answers above as final; verify tokens offline with pinned keys only; keep a clock high-water mark. Activation and validation are safe to retry; a deactivation retried after a lost answer may say <code>ACTIVATION_NOT_FOUND</code>: treat that as done.</p>`,
};
