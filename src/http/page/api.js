// Talking to the service's JSON API from the page: the base path (the page may sit behind a
// proxy under a prefix), the API key as a Bearer header (asked once, kept for this tab in
// sessionStorage, never in a URL), and errors that carry the service's message.

import { byId } from "./dom.js";

const KEY_STORAGE = "anomaly-detection-api-key";

/** The service's root as the browser reaches it: everything before /incidents in the page's path. */
export const base = location.pathname.slice(0, location.pathname.lastIndexOf("/incidents"));

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

async function request(path, method, body) {
  const headers = { accept: "application/json" };
  const key = sessionStorage.getItem(KEY_STORAGE);
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "omit" });
  const text = await res.text();
  let data = null;
  try {
    data = text === "" ? null : JSON.parse(text);
  } catch {
    data = null;
  }
  if (!res.ok) throw new ApiError(res.status, data?.message ?? `${res.status} ${res.statusText}`, data);
  return data;
}

/** Shows the key form and resolves once a key was entered. */
function askForKey(message) {
  const form = byId("key-form");
  const input = byId("key-input");
  byId("key-error").textContent = message;
  form.hidden = false;
  input.value = "";
  input.focus();
  return new Promise((resolve) => {
    form.addEventListener(
      "submit",
      (event) => {
        event.preventDefault();
        sessionStorage.setItem(KEY_STORAGE, input.value.trim());
        input.value = "";
        form.hidden = true;
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * A JSON request; on 401 the page asks for the key and tries again. `path` starts with "/" and is
 * relative to the service's root.
 */
export async function api(path, { method = "GET", body } = {}) {
  for (;;) {
    try {
      return await request(path, method, body);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      const had = sessionStorage.getItem(KEY_STORAGE);
      sessionStorage.removeItem(KEY_STORAGE);
      await askForKey(had ? "That key was refused; enter the service's API_KEY." : "");
    }
  }
}
