// Renders the OpenAPI document into the docs' API reference page.
const AUTH = {
  session: "Portal session cookie",
  cloudflareAccess: "Cloudflare Access JWT (staff)",
  stripeSignature: "Stripe-Signature header",
};

export function renderOpenApi(doc, esc) {
  const byTag = new Map();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags[0];
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push({ path, method, op });
    }
  }
  const json = (value) => `<pre><code>${esc(JSON.stringify(value, null, 2))}</code></pre>`;
  const sections = [...byTag.entries()].map(([tag, ops]) => {
    const items = ops.map(({ path, method, op }) => {
      const auth = (op.security ?? []).flatMap((s) => Object.keys(s)).map((k) => AUTH[k] ?? k);
      const params = op.parameters?.length
        ? `<table><thead><tr><th scope="col">parameter</th><th scope="col">in</th><th scope="col">required</th><th scope="col">schema</th></tr></thead><tbody>${op.parameters
            .map(
              (p) =>
                `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? "yes" : "no"}</td><td><code>${esc(JSON.stringify(p.schema))}</code></td></tr>`,
            )
            .join("")}</tbody></table>`
        : "";
      const body = op.requestBody ? `<details><summary>Request body (JSON)</summary>${json(op.requestBody.content["application/json"].schema)}</details>` : "";
      const responses = Object.entries(op.responses)
        .map(([status, r]) => {
          const schema = r.content?.["application/json"]?.schema;
          const shown =
            schema && !schema.$ref
              ? `<details><summary>${esc(status)} — ${esc(r.description)}</summary>${json(schema)}</details>`
              : `<p><strong>${esc(status)}</strong> — ${esc(r.description)}</p>`;
          return shown;
        })
        .join("");
      const id = `${method}-${path}`
        .replace(/[^a-z0-9]+/gi, "-")
        .replace(/^-|-$/g, "")
        .toLowerCase();
      return `<div class="op" id="${esc(id)}"><h3><span class="method ${esc(method)}">${esc(method.toUpperCase())}</span>${esc(path)}</h3>
<p>${esc(op.summary)}${op.description ? ` — ${esc(op.description)}` : ""}</p>
<p class="muted">Authentication: ${auth.length ? esc(auth.join(", ")) : "none"}</p>${params}${body}${responses}</div>`;
    });
    return `<h2 id="${esc(tag.toLowerCase().replace(/\s+/g, "-"))}">${esc(tag)}</h2>${items.join("\n")}`;
  });
  return `<h1>API reference</h1>
<p>${esc(doc.info.description)} Version ${esc(doc.info.version)}. Base URL <code>${esc(doc.servers[0].url)}</code>. Machine-readable: <a href="${esc(doc.servers[0].url)}/openapi.json">OpenAPI 3.1 document</a>.</p>
<h2 id="errors">Error envelope</h2>${json(doc.components.schemas.Error)}
<p>Contents: ${[...byTag.keys()].map((t) => `<a href="#${esc(t.toLowerCase().replace(/\s+/g, "-"))}">${esc(t)}</a>`).join(" · ")}</p>
${sections.join("\n")}`;
}
