// The bell: the unread count in the header, polled with If-None-Match (every 30 s and when the tab gets focus), so a poll
// that finds nothing new is a bodiless 304.
import { apiBase, session } from "./api.js";
import { t } from "./i18n.js";

const INTERVAL_MS = 30_000;
let etag = null;
let unread = 0;
let timer = null;

/** Starts polling for the signed-in user (again after a sign-in); shows the count in every element with id "bell-count". */
export function startBell() {
  clearInterval(timer);
  etag = null;
  unread = 0;
  if (!session.user) return;
  poll();
  timer = setInterval(poll, INTERVAL_MS);
}

/** Polls now (after marking read, so the bell follows at once). */
export async function poll() {
  const token = session.token;
  if (!token) return;
  try {
    const headers = { accept: "application/json", authorization: `Bearer ${token}` };
    if (etag) headers["if-none-match"] = etag;
    const response = await fetch(`${apiBase}/api/me/notifications/unread-count`, { headers, cache: "no-cache" });
    if (response.status === 200) {
      etag = response.headers.get("etag");
      unread = (await response.json()).unread;
    } else if (response.status !== 304) {
      return;
    }
    show();
  } catch {
    // Offline for a moment: the next poll tries again.
  }
}

export function show() {
  const badge = document.getElementById("bell-count");
  if (!badge) return;
  badge.textContent = unread > 99 ? "99+" : String(unread);
  badge.hidden = unread === 0;
  const link = badge.closest("a");
  link?.setAttribute("aria-label", unread ? t("bell.unread", { n: unread }) : t("bell.label"));
}

window.addEventListener("focus", () => poll());
document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") poll(); });
