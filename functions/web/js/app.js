// The shell (header, search with suggestions, navigation, language switch) and the routes.
import { h, replace } from "./dom.js";
import { t, lang, setLang, languages } from "./i18n.js";
import { get, query, enc, session } from "./api.js";
import { route, start, refresh, go, currentPath } from "./router.js";
import { home, search, topic } from "./views/feed.js";
import { notePage } from "./views/note.js";
import { compose } from "./views/compose.js";
import { signIn, profile } from "./views/account.js";
import { cart, checkout, orders, order } from "./views/commerce.js";
import { studio, suggestion, noteAnalytics } from "./views/studio.js";
import { moderation } from "./views/moderation.js";
import { inbox as collabInbox, brandCollab } from "./views/collab.js";
import { inbox } from "./views/notifications.js";
import { startBell, show as showBell } from "./notifications.js";
import { startAuth, signOut } from "./auth.js";

route("/", home);
route("/search", search);
route("/topics/:topic", topic);
route("/notes/:noteId", notePage);
route("/notes/:noteId/edit", compose);
route("/compose", compose);
route("/users/:userId", profile);
route("/signin", signIn);
route("/cart", cart);
route("/checkout", checkout);
route("/orders", orders);
route("/orders/:orderId", order);
route("/studio", studio);
route("/studio/:brandId/suggestions/:suggestionId", suggestion);
route("/studio/:brandId/notes/:noteId", noteAnalytics);
route("/moderation", moderation);
route("/collabs", collabInbox);
route("/studio/:brandId/collab", brandCollab);
route("/notifications", inbox);

const shell = document.getElementById("shell");
const main = document.getElementById("main");

function renderShell() {
  document.documentElement.lang = lang() === "zh" ? "zh-CN" : "en";
  const user = session.user;
  const skip = h("a", { class: "skip-link", href: "#main", on: { click: (e) => { e.preventDefault(); main.focus(); } } }, t("app.skip"));
  const nav = h("nav", { class: "nav", "aria-label": t("nav.label") },
    navLink("/", t("nav.explore")),
    user ? navLink("/compose", t("nav.compose")) : null,
    user ? navLink("/cart", t("nav.cart"), h("span", { class: "badge-count", id: "cart-count", hidden: true })) : null,
    user ? navLink("/orders", t("nav.orders")) : null,
    user ? navLink("/collabs", t("nav.collabs")) : null,
    user ? h("a", { href: "#/notifications", class: "bell", dataset: { path: "/notifications" }, "aria-label": t("bell.label") },
      bellIcon(), h("span", { class: "visually-hidden" }, t("nav.inbox")), h("span", { class: "badge-count", id: "bell-count", hidden: true })) : null,
    user?.roles.includes("brand") ? navLink("/studio", t("nav.studio")) : null,
    user?.roles.includes("moderator") ? navLink("/moderation", t("nav.moderation")) : null,
    user ? navLink(`/users/${enc(user.id)}`, t("nav.me", { name: user.name })) : navLink("/signin", t("auth.signIn")),
    user ? h("button", { type: "button", class: "link", on: { click: async () => { await signOut(); go("/"); } } }, t("auth.signOut")) : null);
  replace(shell, skip, h("header", { class: "topbar" }, h("div", { class: "topbar-inner" },
    h("a", { class: "brand", href: "#/" }, t("app.name")),
    searchForm(),
    nav,
    languageSwitch())));
  markCurrent();
  updateCartCount();
  showBell();
}

function bellIcon() {
  return icon("M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z");
}

function navLink(path, label, extra) {
  return h("a", { href: `#${path}`, dataset: { path } }, label, extra ? " " : null, extra);
}

function markCurrent() {
  const path = currentPath();
  const box = document.getElementById("search-q");
  if (box && path === "/search") box.value = new URLSearchParams(location.hash.split("?")[1] ?? "").get("q") ?? "";
  shell.querySelectorAll(".nav a[data-path]").forEach((a) => {
    const current = a.dataset.path === path || (a.dataset.path !== "/" && path.startsWith(a.dataset.path));
    if (current) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  });
}

function languageSwitch() {
  const select = h("select", { class: "lang-switch", "aria-label": t("app.language"), on: { change: () => { setLang(select.value); } } },
    languages.map(([code, name]) => h("option", { value: code, selected: code === lang(), lang: code === "zh" ? "zh-CN" : "en" }, name)));
  return select;
}

/**
 * The search box: suggestions as the reader types (not while an input method is composing Chinese), a listbox the arrow
 * keys move through, and Enter to search. The query is sent as typed; the API understands "#topic" words too.
 */
function searchForm() {
  const params = new URLSearchParams(location.hash.split("?")[1] ?? "");
  const input = h("input", { type: "search", name: "q", id: "search-q", value: currentPath() === "/search" ? params.get("q") ?? "" : "",
    placeholder: t("search.placeholder"), autocomplete: "off", role: "combobox", "aria-expanded": "false", "aria-controls": "search-suggestions",
    "aria-autocomplete": "list", enterkeyhint: "search" });
  const list = h("ul", { class: "suggestions", id: "search-suggestions", role: "listbox", "aria-label": t("search.suggestions"), hidden: true });
  let active = -1;
  let composing = false;
  let timer;
  let ticket = 0;

  const close = () => { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); active = -1; };
  const highlight = (i) => {
    const items = [...list.children];
    active = items.length ? (i + items.length) % items.length : -1;
    items.forEach((li, j) => li.setAttribute("aria-selected", String(j === active)));
    if (active >= 0) input.setAttribute("aria-activedescendant", items[active].id);
  };
  const suggest = async () => {
    const q = input.value.trim();
    const mine = ++ticket;
    if (!q || q.startsWith("#")) { close(); return; }
    try {
      const result = await get(`/api/search/suggest${query({ q })}`);
      if (mine !== ticket || composing || document.activeElement !== input) return;
      replace(list, result.items.map((s, i) => h("li", { role: "option", id: `suggestion-${i}`, "aria-selected": "false",
        class: s.kind === "Query" ? "suggestion-query" : "suggestion-title",
        // A title opens its note; a popular query (no note) runs that search.
        on: { mousedown: (e) => { e.preventDefault(); close(); if (s.noteId) go(`/notes/${enc(s.noteId)}`); else { input.value = s.text; go(`/search${query({ q: s.text })}`); } } } }, s.text)));
      list.hidden = !result.items.length;
      input.setAttribute("aria-expanded", String(!list.hidden));
      active = -1;
    } catch {
      close();
    }
  };
  input.addEventListener("compositionstart", () => { composing = true; });
  input.addEventListener("compositionend", () => { composing = false; clearTimeout(timer); timer = setTimeout(suggest, 150); });
  input.addEventListener("input", (e) => { if (e.isComposing || composing) return; clearTimeout(timer); timer = setTimeout(suggest, 150); });
  input.addEventListener("keydown", (e) => {
    if (e.isComposing || composing) return; // Enter confirms the IME's candidate, not the search
    if (e.key === "ArrowDown" && !list.hidden) { e.preventDefault(); highlight(active + 1); }
    else if (e.key === "ArrowUp" && !list.hidden) { e.preventDefault(); highlight(active - 1); }
    else if (e.key === "Escape") close();
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); list.children[active].dispatchEvent(new MouseEvent("mousedown")); }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
  const form = h("form", { class: "search-form", role: "search", on: { submit: (e) => {
    e.preventDefault();
    if (composing) return;
    clearTimeout(timer);
    ticket++; // a suggestion answer still on its way must not reopen the list
    close();
    const q = input.value.trim();
    if (q) go(`/search${query({ q })}`);
  } } },
  h("label", { for: "search-q", class: "visually-hidden" }, t("search.label")),
  input,
  h("button", { type: "submit" }, searchIcon(), h("span", { class: "label" }, t("search.button"))),
  list);
  return form;
}

function searchIcon() {
  return icon("M10 2a8 8 0 0 1 6.32 12.9l5.39 5.4-1.41 1.4-5.4-5.39A8 8 0 1 1 10 2zm0 2a6 6 0 1 0 0 12 6 6 0 0 0 0-12z");
}

// An 18-pixel decorative SVG icon drawn with one path in the text colour.
function icon(d) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  for (const [name, value] of Object.entries({ viewBox: "0 0 24 24", width: "18", height: "18", "aria-hidden": "true", focusable: "false" })) {
    svg.setAttribute(name, value);
  }
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", d);
  path.setAttribute("fill", "currentColor");
  svg.append(path);
  return svg;
}

async function updateCartCount() {
  const badge = document.getElementById("cart-count");
  if (!badge || !session.user) return;
  try {
    const cartView = await get("/api/cart");
    const count = cartView.lines.reduce((n, l) => n + l.quantity, 0);
    badge.textContent = String(count);
    badge.hidden = count === 0;
    badge.setAttribute("aria-label", t("cart.count", { n: count }));
  } catch {
    badge.hidden = true;
  }
}

window.addEventListener("route-rendered", markCurrent);
window.addEventListener("cart-changed", updateCartCount);
window.addEventListener("session-changed", () => { renderShell(); startBell(); });
window.addEventListener("language-changed", () => { renderShell(); refresh(); });

// Entra: finish a sign-in coming back from the authority first, then render the page it started from.
const returnTo = await startAuth().catch((error) => { console.warn("Sign-in is unavailable", error); return null; });
if (returnTo) history.replaceState(null, "", `#${returnTo}`);
renderShell();
startBell();
start(main);
