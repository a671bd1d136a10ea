// The HTTP API client: bearer token, JSON, ETags, and RFC 9457 problem details turned into ApiError.
import config from "../config.js";

export const apiBase = (config.apiBase ?? "").replace(/\/$/, "");

const SESSION_KEY = "platform.session";

/** An error answer: status, the stable problem code, field errors and (for integrity refusals) findings. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
    this.code = problem?.code ?? null;
    this.fieldErrors = problem?.errors ?? null;
    this.findings = problem?.findings ?? null;
  }
}

/** The signed-in user: the token and what its claims say (read for display only; the API validates it). */
export const session = {
  load() {
    try {
      const saved = JSON.parse(localStorage.getItem(SESSION_KEY) ?? "null");
      return saved && saved.expiresAt > Date.now() ? saved : null;
    } catch {
      return null;
    }
  },
  get current() { return this.load(); },
  get user() { return this.load()?.user ?? null; },
  get token() { return this.load()?.token ?? null; },
  /** user: who signed in as the API describes them (Entra); without it, read from the token (dev tokens use platform names). */
  save(token, expiresInSeconds, user = null) {
    const claims = decodeClaims(token);
    user ??= {
      id: claims.sub,
      name: claims.name ?? claims.sub,
      roles: [claims.roles ?? []].flat(),
      brands: [claims.brands ?? []].flat(),
    };
    const expiresAt = Math.min(Date.now() + expiresInSeconds * 1000, (claims.exp ?? Infinity) * 1000);
    localStorage.setItem(SESSION_KEY, JSON.stringify({ token, user, expiresAt }));
    window.dispatchEvent(new CustomEvent("session-changed"));
  },
  clear() {
    localStorage.removeItem(SESSION_KEY);
    window.dispatchEvent(new CustomEvent("session-changed"));
  },
  hasRole(role) { return this.user?.roles.includes(role) ?? false; },
};

function decodeClaims(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const json = decodeURIComponent(Array.from(atob(payload), (c) => "%" + c.charCodeAt(0).toString(16).padStart(2, "0")).join(""));
    return JSON.parse(json);
  } catch {
    return {};
  }
}

let tokenSource = null;

/** Where request() gets the bearer token (Entra: refreshed before it expires); default: the saved session's. */
export function useTokenSource(source) { tokenSource = source; }

/**
 * Calls the API. Returns { data, status, etag, headers }. Throws ApiError for 4xx/5xx.
 * options: body (JSON), ifMatch (an ETag as the API gave it), headers, auth (default true: send the token when signed in).
 */
export async function request(method, path, options = {}) {
  const headers = new Headers(options.headers ?? {});
  headers.set("accept", "application/json, application/problem+json");
  if (options.body !== undefined) headers.set("content-type", "application/json");
  if (options.ifMatch) headers.set("if-match", options.ifMatch.startsWith('"') ? options.ifMatch : `"${options.ifMatch}"`);
  const token = options.auth === false ? null : tokenSource ? await tokenSource() : session.token;
  if (token) headers.set("authorization", `Bearer ${token}`);

  const url = /^https?:/.test(path) ? path : apiBase + path;
  const response = await fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const type = response.headers.get("content-type") ?? "";
  const data = response.status === 204 ? null : type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    if (response.status === 401 && token) session.clear(); // expired or from another data folder: sign in again
    throw new ApiError(response.status, typeof data === "object" ? data : { detail: data });
  }
  return { data, status: response.status, etag: response.headers.get("etag"), headers: response.headers };
}

export const get = async (path, options) => (await request("GET", path, options)).data;
export const post = async (path, body, options) => (await request("POST", path, { ...options, body })).data;
export const put = async (path, body, options) => (await request("PUT", path, { ...options, body })).data;
export const patch = async (path, body, options) => (await request("PATCH", path, { ...options, body })).data;
export const del = async (path, options) => (await request("DELETE", path, options)).data;

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

export const enc = encodeURIComponent;

/** A rendition of a media item by its fixed name (feed.webp, detail.webp, thumbnail.webp); the API serves it in both hosts. */
export function renditionUrl(mediaId, name = "feed.webp") {
  return `${apiBase}/api/media/${enc(mediaId)}/renditions/${enc(name)}`;
}

/** Dev sign-in: only the embedded host has POST /dev/token. */
export async function devSignIn(userId, name, roles, brandIds) {
  const { data } = await request("POST", "/dev/token", { body: { userId, name, roles, brandIds }, auth: false });
  session.save(data.accessToken, data.expiresIn);
  return session.user;
}

/** Money as the API gives it: { amountMinor, currency } in the currency's minor unit (fen, cents; yen has none). */
export function money(value, lang) {
  if (!value) return "";
  try {
    const format = new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en", { style: "currency", currency: value.currency });
    return format.format(value.amountMinor / 10 ** format.resolvedOptions().maximumFractionDigits);
  } catch {
    return `${(value.amountMinor / 100).toFixed(2)} ${value.currency}`;
  }
}
