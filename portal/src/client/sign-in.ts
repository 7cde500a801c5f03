/**
 * Sign-in pages: ask for a link, then say where it went. The answer is the same whether
 * or not the email has an account.
 */
import { ApiFailure, post } from "../../../web/shared/api";
import { show } from "../../../web/shared/dom";

const form = document.getElementById("sign-in-form") as HTMLFormElement | null;
if (form) {
  const message = document.getElementById("sign-in-message")!;
  const button = form.querySelector("button")!;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const email = (new FormData(form).get("email") as string).trim();
    button.disabled = true;
    show(message, "");
    try {
      await post("/v1/auth/magic-link", { email });
      location.assign(`/sign-in/check-email/?email=${encodeURIComponent(email)}`);
    } catch (err) {
      const failure = err instanceof ApiFailure ? err : null;
      show(
        message,
        failure?.code === "RATE_LIMITED"
          ? "Too many sign-in requests. Wait a few minutes, then try again."
          : failure?.code === "INVALID_REQUEST"
            ? "Enter a valid email address."
            : (failure?.message ?? "Something went wrong. Try again."),
      );
      button.disabled = false;
    }
  });
}

// On the "check your email" page, show where the link went.
const sentTo = document.getElementById("sent-to");
if (sentTo) sentTo.textContent = new URLSearchParams(location.search).get("email") ?? "your inbox";
