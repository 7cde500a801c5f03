// Buy buttons: ask the API for a checkout and follow it (Stripe Checkout, or the local
// dev checkout). The API's address comes from the page (data-api), set at build time.
for (const form of document.querySelectorAll("form[data-buy]")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    const message = form.querySelector(".message");
    const quantity = Number(new FormData(form).get("quantity") ?? 1) || 1;
    button.disabled = true;
    message.hidden = true;
    try {
      const res = await fetch(`${form.dataset.api}/v1/checkout/sessions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ quantity }),
      });
      const body = await res.json();
      if (!res.ok || !body.url) throw new Error(body?.error?.message ?? "Checkout is unavailable.");
      location.assign(body.url);
    } catch (err) {
      message.textContent = `${err.message} Please try again in a moment.`;
      message.hidden = false;
      button.disabled = false;
    }
  });
}
