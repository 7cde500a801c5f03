/**
 * Confirm sign-in. Opening the link does nothing by itself (mail scanners open links):
 * the token stays in the URL fragment, never sent to a server, until the person
 * presses the button.
 */
import { ApiFailure, post } from "../../../web/shared/api";
import { byId, show } from "../../../web/shared/dom";
import { takeReturn } from "./return-path";

const token = new URLSearchParams(location.hash.slice(1)).get("token");
const button = byId<HTMLButtonElement>("confirm-button");
const message = byId("confirm-message");

if (!token) {
  button.hidden = true;
  show(message, "This page needs the link from your sign-in email. Request a new link to continue.");
  byId("new-link").hidden = false;
}

button.addEventListener("click", async () => {
  button.disabled = true;
  show(message, "Signing you in…", "info");
  try {
    await post("/v1/auth/session", { token });
    // Drop the spent token from the address bar and history.
    history.replaceState(null, "", "/sign-in/confirm/");
    // Back to the page that sent the person here (a desktop sign-in), or the dashboard.
    location.assign(takeReturn() ?? "/");
  } catch (err) {
    const failure = err instanceof ApiFailure ? err : null;
    show(
      message,
      failure?.status === 401 ? "This sign-in link is invalid, already used or expired." : (failure?.message ?? "Something went wrong. Try again."),
    );
    byId("new-link").hidden = false;
  }
});
