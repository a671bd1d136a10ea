// Hash routes (#/notes/abc?x=1): they work on any static host without server rewrites.
import { h, replace } from "./dom.js";
import { t } from "./i18n.js";

const routes = [];
let outlet;
let renders = 0;
let first = true;

/** route("/notes/:noteId", view): view(ctx) returns (or resolves to) { title, node }. */
export function route(pattern, view) {
  const keys = [];
  const source = pattern.replace(/:([a-zA-Z]+)/g, (_, key) => { keys.push(key); return "([^/]+)"; });
  routes.push({ regex: new RegExp(`^${source}/?$`), keys, view });
}

export function start(element) {
  outlet = element;
  window.addEventListener("hashchange", render);
  render();
}

/** Renders the current route again (after signing in or a language switch). */
export function refresh() { first = true; return render(); }

export function go(path) {
  if (location.hash === `#${path}`) render();
  else location.hash = path;
}

export function currentPath() {
  return (location.hash.slice(1) || "/").split("?")[0];
}

export function href(path, params) {
  const search = new URLSearchParams(Object.entries(params ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== ""));
  const text = search.toString();
  return `#${path}${text ? `?${text}` : ""}`;
}

async function render() {
  const hash = location.hash.slice(1) || "/";
  const [path, search = ""] = hash.split("?");
  const ticket = ++renders;
  const match = routes.map((r) => ({ r, m: r.regex.exec(decodePath(path)) })).find((x) => x.m);
  const params = match ? Object.fromEntries(match.r.keys.map((k, i) => [k, decodeURIComponent(match.m[i + 1])])) : {};
  const ctx = { path, params, query: new URLSearchParams(search), stale: () => ticket !== renders };
  outlet.setAttribute("aria-busy", "true");
  let page;
  try {
    page = match ? await match.r.view(ctx) : notFound();
  } catch (error) {
    page = failed(error);
  }
  if (ticket !== renders || !page) return; // a newer navigation won
  replace(outlet, page.node);
  outlet.removeAttribute("aria-busy");
  document.title = page.title ? `${page.title} · ${t("app.name")}` : t("app.name");
  window.dispatchEvent(new CustomEvent("route-rendered", { detail: { path } }));
  // Move focus to the new page's heading so keyboard and screen-reader users start there (not on the first load).
  if (!first) {
    const heading = outlet.querySelector("h1");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: true }); }
    window.scrollTo(0, 0);
  }
  first = false;
}

function decodePath(path) {
  try { return path.split("/").map((p) => encodeURIComponent(decodeURIComponent(p))).join("/"); } catch { return path; }
}

function notFound() {
  return { title: t("error.notFound"), node: h("section", {}, h("h1", {}, t("error.notFound")), h("p", {}, h("a", { href: "#/" }, t("nav.explore")))) };
}

export function failed(error) {
  return {
    title: t("error.title"),
    node: h("section", {},
      h("h1", {}, error?.status === 404 ? t("error.missing") : t("error.title")),
      h("p", { class: "alert", role: "alert" }, error?.message ?? String(error)),
      h("p", {}, h("a", { href: "#/" }, t("nav.explore")))),
  };
}
