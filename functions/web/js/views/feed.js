// Explore (latest / popular), the Following tab, search results and topic pages: all a grid of covers.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { get, query, enc, session } from "../api.js";
import { noteGrid, pager } from "../components.js";
import { href } from "../router.js";
import { forYou } from "./for-you.js";

const PAGE = 20;

export async function home(ctx) {
  const tab = ctx.query.get("tab") ?? "foryou";
  const tabs = h("nav", { class: "tabs", "aria-label": t("feed.tabs") },
    tabLink(t("feed.forYou"), "/", { tab: "foryou" }, tab === "foryou"),
    tabLink(t("feed.latest"), "/", { tab: "latest" }, tab === "latest"),
    tabLink(t("feed.popular"), "/", { tab: "popular" }, tab === "popular"),
    session.user ? tabLink(t("feed.following"), "/", { tab: "following" }, tab === "following") : null);

  const trend = trending();
  let list;
  let more;
  if (tab === "foryou") {
    list = await forYou();
  } else if (tab === "following" && session.user) {
    const fetch = (continuation) => get(`/api/me/following/notes${query({ pageSize: PAGE, continuation })}`);
    const page = await fetch();
    list = noteGrid(page.items, { label: t("feed.following") });
    more = pager(list, page, fetch);
    if (!page.items.length) list = h("p", { class: "notice" }, t("feed.followingEmpty"));
  } else {
    const fetch = (continuation) => get(`/api/search/notes${query({ sort: tab === "popular" ? "popular" : "latest", pageSize: PAGE, continuation })}`);
    const page = await fetch();
    list = noteGrid(page.items, { label: t("feed.notes") });
    more = pager(list, page, fetch);
    if (!page.items.length) list = h("p", { class: "notice" }, t("feed.empty"));
  }
  return { title: t("nav.explore"), node: h("section", {}, h("h1", { class: "visually-hidden" }, t("nav.explore")), await trend, tabs, list, more) };
}

export async function search(ctx) {
  const q = ctx.query.get("q") ?? "";
  const sort = ctx.query.get("sort") ?? "relevance";
  const topic = ctx.query.get("topic") ?? "";
  const fetch = (continuation) => get(`/api/search/notes${query({ q, topic, sort, pageSize: PAGE, continuation })}`);
  const page = await fetch();
  const heading = q ? t("search.resultsFor", { q }) : t("search.title");
  const list = noteGrid(page.items, { label: t("search.results") });
  return {
    title: heading,
    node: h("section", {},
      h("h1", {}, heading),
      h("p", { class: "muted", role: "status" }, t("search.count", { n: page.total })),
      page.didYouMean ? h("p", { class: "did-you-mean" }, t("search.didYouMean"), " ",
        h("a", { href: href("/search", { q: page.didYouMean, topic, sort }) }, page.didYouMean)) : null,
      sortTabs("/search", { q, topic }, sort),
      facets(page.topics, (name) => href("/search", { q, topic: name, sort })),
      page.items.length ? list : h("p", { class: "notice" }, t("search.none")),
      pager(list, page, fetch)),
  };
}

export async function topic(ctx) {
  const name = ctx.params.topic;
  const sort = ctx.query.get("sort") ?? "popular";
  const fetch = (continuation) => get(`/api/search/notes${query({ topic: name, sort, pageSize: PAGE, continuation })}`);
  const page = await fetch();
  const list = noteGrid(page.items, { label: t("topic.notes", { topic: name }) });
  return {
    title: `#${name}`,
    node: h("section", {},
      h("h1", {}, `#${name}`),
      h("p", { class: "muted" }, t("topic.count", { n: page.total })),
      h("nav", { class: "tabs", "aria-label": t("search.sort") },
        tabLink(t("feed.popular"), `/topics/${enc(name)}`, { sort: "popular" }, sort === "popular"),
        tabLink(t("feed.latest"), `/topics/${enc(name)}`, { sort: "latest" }, sort === "latest")),
      facets(page.topics.filter((f) => f.topic !== name.toLowerCase()), (other) => `#/topics/${enc(other)}`),
      page.items.length ? list : h("p", { class: "notice" }, t("search.none")),
      pager(list, page, fetch)),
  };
}

function sortTabs(path, params, current) {
  return h("nav", { class: "tabs", "aria-label": t("search.sort") },
    ["relevance", "latest", "popular"].map((s) => tabLink(t(`search.sort.${s}`), path, { ...params, sort: s }, current === s)));
}

// What people search now (热搜), under the search box; the home page shows without it when it cannot be had.
async function trending() {
  let result;
  try {
    result = await get(`/api/search/trending${query({ count: 8 })}`, { auth: false });
  } catch {
    return null;
  }
  const items = result.lastHour.length ? result.lastHour : result.lastDay;
  if (!items.length) return null;
  return h("ul", { class: "facets trending", "aria-label": t("search.trending") },
    items.map((s) => h("li", {}, h("a", { href: href("/search", { q: s.query }) }, s.query))));
}

function tabLink(label, path, params, current) {
  return h("a", { href: href(path, params), "aria-current": current ? "page" : null }, label);
}

function facets(topics, link) {
  if (!topics?.length) return null;
  return h("ul", { class: "facets", "aria-label": t("search.topics") },
    topics.map((f) => h("li", {}, h("a", { href: link(f.topic) }, `#${f.topic} `, h("span", { class: "muted" }, String(f.count))))));
}
