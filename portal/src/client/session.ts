/** Reads of the portal API for the signed-in owner; a lost session sends them to sign in. */
import { api, ApiFailure } from "../../../web/shared/api";

export function signInAgain(): never {
  location.assign("/sign-in/");
  throw new Error("redirecting");
}

export async function load<T>(path: string): Promise<T> {
  try {
    return await api<T>(path);
  } catch (err) {
    if (err instanceof ApiFailure && err.status === 401) signInAgain();
    throw err;
  }
}
