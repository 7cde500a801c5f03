export default {
  path: "/release-notes/",
  title: "Release notes — ChartGPT",
  description: "What changed in each ChartGPT release.",
  render: ({ releases, esc }) => `
<section class="hero"><div class="wrap"><h1>Release notes</h1><p class="lede">Newest first. Every release is on the <a href="/downloads/">downloads page</a>.</p></div></section>
<section><div class="wrap">
${releases
  .map(
    (r) => `<article id="v${esc(r.version)}" class="card spaced">
  <h2>${esc(r.version)} <span class="muted">· <time datetime="${esc(r.date)}">${esc(r.date)}</time></span></h2>
  <ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>
</article>`,
  )
  .join("\n")}
</div></section>`,
};
