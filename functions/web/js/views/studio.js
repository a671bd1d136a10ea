// Brand studio: request AI drafts for products, read them ranked with integrity findings and labels, and per-note analytics.
import { h, append, replace, toast, sleep, markWords } from "../dom.js";
import { t, lang } from "../i18n.js";
import { get, request, query, enc, session } from "../api.js";
import { needSignIn, showFormError, dateTime, loading } from "../components.js";
import { go, href } from "../router.js";
import { DRAFT_KEY } from "./compose.js";

export async function studio(ctx) {
  const gate = needSignIn("brand");
  if (gate) return gate;
  const brands = session.user.brands;
  if (!brands.length) return { title: t("studio.title"), node: h("section", {}, h("h1", {}, t("studio.title")), h("p", { class: "notice" }, t("studio.noBrand"))) };
  const brandId = brands.includes(ctx.query.get("brand")) ? ctx.query.get("brand") : brands[0];

  const [products, suggestions, insights, demand] = await Promise.all([
    brandProducts(brandId),
    get(`/api/brands/${enc(brandId)}/suggestions${query({ pageSize: 10 })}`).catch(() => ({ items: [] })),
    get(`/api/brands/${enc(brandId)}/analytics`).catch(() => null),
    get(`/api/brands/${enc(brandId)}/analytics/search-demand`).catch(() => null),
  ]);

  const picker = brands.length > 1 ? h("nav", { class: "tabs", "aria-label": t("studio.brands") },
    brands.map((b) => h("a", { href: href("/studio", { brand: b }), "aria-current": b === brandId ? "page" : null }, b))) : null;

  return {
    title: t("studio.title"),
    node: h("section", {},
      h("h1", {}, t("studio.titleFor", { brand: brandId })),
      picker,
      h("p", {}, h("a", { class: "button secondary", href: `#/studio/${enc(brandId)}/collab` }, t("collab.link"))),
      requestForm(brandId, products),
      suggestionList(brandId, suggestions.items),
      searchDemandSection(demand),
      insightsSection(brandId, insights),
      noteLookup(brandId)),
  };
}

async function brandProducts(brandId) {
  const shops = await get(`/api/brands/${enc(brandId)}/shops`).catch(() => []);
  const list = Array.isArray(shops) ? shops : shops.items ?? [];
  const pages = await Promise.all(list.map((s) => get(`/api/shops/${enc(s.id)}/products${query({ pageSize: 50 })}`).catch(() => ({ items: [] }))));
  return pages.flatMap((p) => p.items);
}

function requestForm(brandId, products) {
  const productBoxes = products.map((p) => h("label", {}, h("input", { type: "checkbox", name: "productIds", value: p.id }), p.title));
  const productIdsText = h("input", { type: "text", id: "product-ids", name: "productIdsText", autocomplete: "off" });
  const goal = h("input", { type: "text", id: "goal", name: "goal", required: true, maxlength: "200" });
  const audience = h("input", { type: "text", id: "audience", name: "audience", maxlength: "200" });
  const tone = h("input", { type: "text", id: "tone", name: "tone", maxlength: "60" });
  const language = h("select", { id: "language", name: "language" },
    h("option", { value: "zh", selected: lang() === "zh" }, "中文"), h("option", { value: "en", selected: lang() === "en" }, "English"));
  const variants = h("input", { type: "number", id: "variants", name: "variants", min: "1", max: "5", value: "3", inputmode: "numeric" });
  const keyMessages = h("textarea", { id: "key-messages", name: "keyMessages", rows: "3" });
  const topics = h("input", { type: "text", id: "studio-topics", name: "topics", autocomplete: "off" });
  const targetQuery = h("input", { type: "search", id: "target-query", name: "targetQuery", maxlength: "50", autocomplete: "off" });
  const submit = h("button", { type: "submit" }, t("studio.request"));
  const form = h("form", { class: "stack", on: { submit: async (e) => {
    e.preventDefault();
    const chosen = productBoxes.map((l) => l.querySelector("input")).filter((c) => c.checked).map((c) => c.value);
    const body = {
      productIds: [...chosen, ...productIdsText.value.split(/[\s,，]+/).filter(Boolean)],
      goal: goal.value,
      audience: audience.value || null,
      tone: tone.value || null,
      language: language.value,
      variants: Number(variants.value),
      keyMessages: keyMessages.value.split("\n").map((s) => s.trim()).filter(Boolean),
      topics: topics.value.split(/[\s,，#]+/).filter(Boolean),
      targetQuery: targetQuery.value.trim() || null,
    };
    submit.disabled = true;
    try {
      const { data } = await request("POST", `/api/brands/${enc(brandId)}/suggestions`, { body });
      go(`/studio/${enc(brandId)}/suggestions/${enc(data.id)}`);
    } catch (error) {
      showFormError(form, error);
      submit.disabled = false;
    }
  } } },
  h("div", { class: "form-error" }),
  h("fieldset", {}, h("legend", {}, t("studio.products")),
    productBoxes.length ? h("div", { class: "checks" }, productBoxes) : h("p", { class: "muted" }, t("studio.noProducts")),
    h("div", { class: "field" }, h("label", { for: "product-ids" }, t("studio.productIds")), productIdsText)),
  h("div", { class: "field" }, h("label", { for: "goal" }, t("studio.goal")), goal, h("span", { class: "hint" }, t("studio.goalHint"))),
  h("div", { class: "field" }, h("label", { for: "audience" }, t("studio.audience")), audience),
  h("div", { class: "field" }, h("label", { for: "tone" }, t("studio.tone")), tone),
  h("div", { class: "field" }, h("label", { for: "language" }, t("studio.language")), language),
  h("div", { class: "field" }, h("label", { for: "variants" }, t("studio.variants")), variants),
  h("div", { class: "field" }, h("label", { for: "key-messages" }, t("studio.keyMessages")), keyMessages, h("span", { class: "hint" }, t("studio.keyMessagesHint"))),
  h("div", { class: "field" }, h("label", { for: "studio-topics" }, t("studio.topics")), topics),
  h("div", { class: "field" }, h("label", { for: "target-query" }, t("studio.targetQuery")), targetQuery, h("span", { class: "hint" }, t("studio.targetQueryHint"))),
  h("div", { class: "button-row" }, submit));
  return h("section", { class: "panel", "aria-labelledby": "request-h" }, h("h2", { id: "request-h" }, t("studio.requestTitle")),
    h("p", { class: "muted" }, t("studio.requestIntro")), form);
}

function suggestionList(brandId, items) {
  return h("section", { class: "panel", "aria-labelledby": "suggestions-h" }, h("h2", { id: "suggestions-h" }, t("studio.recent")),
    items.length ? h("ul", {}, items.map((s) => h("li", {},
      h("a", { href: `#/studio/${enc(brandId)}/suggestions/${enc(s.id)}` }, s.brief?.goal ?? s.id), " ",
      h("span", { class: "tag" }, t(`suggestionStatus.${s.status}`)), " ",
      h("span", { class: "muted" }, dateTime(s.createdAt))))) : h("p", { class: "muted" }, t("studio.noSuggestions")));
}

// What readers search in the brand's topics and find too little of; "Draft for this query" aims the request form at it.
function searchDemandSection(demand) {
  const section = h("section", { class: "panel", "aria-labelledby": "demand-h" }, h("h2", { id: "demand-h" }, t("studio.demand")),
    h("p", { class: "muted" }, t("studio.demandIntro")));
  if (!demand || !demand.queries.length) {
    section.append(h("p", { class: "muted" }, t("studio.noDemand")));
    return section;
  }
  const pct = (x) => (x == null ? "–" : `${Math.round(x * 100)}%`);
  const change = (x) => (x == null ? t("studio.demandNew") : `${x >= 0 ? "+" : ""}${Math.round(x * 100)}%`);
  const bars = "▁▂▃▄▅▆▇█";
  const spark = (daily) => {
    const max = Math.max(1, ...daily);
    return daily.map((n) => bars[Math.min(bars.length - 1, Math.floor((n / max) * (bars.length - 1)))]).join("");
  };
  const draftFor = (q) => {
    const input = document.getElementById("target-query");
    const topics = document.getElementById("studio-topics");
    if (!input) return;
    input.value = q.query;
    if (topics && !topics.value) topics.value = q.topics.join(" ");
    input.scrollIntoView({ block: "center" });
    document.getElementById("goal")?.focus();
  };
  const heads = ["studio.demandQuery", "studio.demandTopics", "studio.demandSearches", "studio.demandChange", "studio.demandDaily",
    "studio.demandZero", "studio.demandGood", "studio.demandAction"];
  append(section, h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": t("studio.demand") }, h("table", { class: "search-demand" },
    h("caption", { class: "visually-hidden" }, t("studio.demand")),
    h("thead", {}, h("tr", {}, heads.map((k) => h("th", { scope: "col" }, t(k))))),
    h("tbody", {}, demand.queries.map((q) => h("tr", {},
      h("th", { scope: "row" }, q.query, q.contentGap ? h("span", { class: "tag" }, ` ${t("studio.demandGap")}`) : null),
      h("td", {}, q.topics.map((x) => `#${x}`).join(" ")),
      h("td", { class: "num" }, String(q.searches)),
      h("td", { class: "num" }, change(q.change)),
      h("td", { "aria-label": q.daily.join(", "), title: `${demand.from} – ${demand.to}` }, spark(q.daily)),
      h("td", { class: "num" }, pct(q.zeroResultRate)),
      h("td", { class: "num" }, q.averageGoodResults == null ? "–" : q.averageGoodResults.toFixed(1)),
      h("td", {}, h("button", { type: "button", on: { click: () => draftFor(q) } }, t("studio.draftForQuery")))))))));
  return section;
}

function insightsSection(brandId, insights) {
  const section = h("section", { class: "panel", "aria-labelledby": "insights-h" }, h("h2", { id: "insights-h" }, t("studio.insights")));
  if (!insights || !insights.noteCount) {
    section.append(h("p", { class: "muted" }, t("studio.noInsights")));
    return section;
  }
  const pct = (x) => `${(x * 100).toFixed(1)}%`;
  append(section, [
    h("p", {}, t("studio.baseline", { notes: insights.noteCount, engagement: pct(insights.baselineEngagementRate), conversion: pct(insights.baselineConversionRate) })),
    insights.topPerformers.length ? h("h3", {}, t("studio.top")) : null,
    insights.topPerformers.length ? h("ul", {}, insights.topPerformers.map((p) => h("li", {},
      h("a", { href: `#/studio/${enc(brandId)}/notes/${enc(p.noteId)}` }, p.noteId), " — ",
      t("studio.performer", { engagement: pct(p.engagementRate), views: p.views, orders: p.orders, revenue: p.revenue }),
      p.reasons?.length ? h("span", { class: "muted" }, ` (${p.reasons.join("; ")})`) : null))) : null,
    insights.features.length ? h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": t("studio.features") }, h("table", {},
      h("caption", { class: "visually-hidden" }, t("studio.features")),
      h("thead", {}, h("tr", {}, ["studio.feature", "studio.notes", "studio.lift", "studio.orders", "studio.revenue"].map((k) => h("th", { scope: "col" }, t(k))))),
      h("tbody", {}, insights.features.slice(0, 12).map((f) => h("tr", {},
        h("td", {}, f.label), h("td", { class: "num" }, String(f.notes)), h("td", { class: "num" }, `${f.lift.toFixed(2)}×`),
        h("td", { class: "num" }, String(f.orders)), h("td", { class: "num" }, String(f.revenue))))))) : null]);
  return section;
}

function noteLookup(brandId) {
  const input = h("input", { type: "text", id: "analytics-note", name: "noteId", required: true, autocomplete: "off" });
  return h("section", { class: "panel", "aria-labelledby": "note-analytics-h" }, h("h2", { id: "note-analytics-h" }, t("studio.noteAnalytics")),
    h("form", { class: "stack", on: { submit: (e) => { e.preventDefault(); go(`/studio/${enc(brandId)}/notes/${enc(input.value.trim())}`); } } },
      h("div", { class: "field" }, h("label", { for: "analytics-note" }, t("studio.noteId")), input),
      h("div", {}, h("button", { type: "submit", class: "secondary" }, t("studio.show")))));
}

export async function suggestion(ctx) {
  const gate = needSignIn("brand");
  if (gate) return gate;
  const { brandId, suggestionId } = ctx.params;
  const path = `/api/brands/${enc(brandId)}/suggestions/${enc(suggestionId)}`;
  let response = await request("GET", path);
  const section = h("section", {}, h("h1", {}, t("studio.draftsTitle")),
    h("p", {}, h("a", { href: href("/studio", { brand: brandId }) }, t("studio.back"))));
  const body = h("div", { "aria-live": "polite" });
  section.append(body);

  const show = () => {
    const s = response.data;
    if (s.status === "Queued" || s.status === "Running") {
      replace(body, h("p", { role: "status" }, loading(), " ", t(`suggestionStatus.${s.status}`)));
      return false;
    }
    if (s.status === "Failed") {
      replace(body, h("div", { class: "alert", role: "alert" }, t("studio.failed", { code: s.failure?.code ?? "", message: s.failure?.message ?? "" })));
      return true;
    }
    replace(body, drafts(brandId, s, response.etag, path));
    return true;
  };

  if (!show()) {
    // The drafts are written by a worker behind a queue: poll at the pace Retry-After asks for, while this page is shown.
    (async () => {
      for (let i = 0; i < 120 && !ctx.stale(); i++) {
        await sleep(Math.min(2000, Number(response.headers.get("retry-after") ?? 1) * 1000));
        response = await request("GET", path).catch(() => response);
        if (!ctx.stale() && show()) break;
      }
    })();
  }
  return { title: t("studio.draftsTitle"), node: section };
}

function drafts(brandId, s, etag, path) {
  const grounding = s.grounding ? h("details", {}, h("summary", {}, t("studio.grounding")),
    h("p", {}, t("studio.groundingText", { notes: s.grounding.insightNotes, scope: s.grounding.insightScope })),
    s.grounding.exemplarTitles?.length ? h("ul", {}, s.grounding.exemplarTitles.map((x) => h("li", {}, x))) : null,
    s.grounding.topFeatures?.length ? h("p", { class: "muted" }, s.grounding.topFeatures.join(" · ")) : null) : null;
  const meta = h("p", { class: "muted" }, t("studio.generatedBy", {
    generator: s.generator ?? "", model: s.model ?? (s.offline ? t("studio.offline") : ""), cost: `${s.cost} ${s.currency}` }));
  return h("div", {}, meta, grounding,
    h("ol", { class: "drafts", "aria-label": t("studio.rankedDrafts") }, s.drafts.map((d) => draftItem(brandId, s, d, etag, path))));
}

function draftItem(brandId, s, d, etag, path) {
  const words = d.findings.map((f) => f.replacement ?? f.matched);
  const complianceTone = { Compliant: "ok", Repaired: "warn", Flagged: "bad" }[d.compliance];
  const actions = h("div", { class: "button-row" });
  if (d.state !== "Discarded" && d.state !== "HandedOff") {
    actions.append(
      h("button", { type: "button", on: { click: () => {
        sessionStorage.setItem(DRAFT_KEY, JSON.stringify(d.note));
        go("/compose?draft=1");
      } } }, t("studio.useDraft")),
      h("button", { type: "button", class: "secondary", on: { click: async () => {
        const creatorId = prompt(t("studio.handOffTo"));
        if (!creatorId) return;
        try {
          await request("POST", `${path}/drafts/${enc(d.id)}/handoff`, { body: { creatorId }, ifMatch: etag });
          toast(t("studio.handedOff", { creator: creatorId }));
          go(`/studio/${enc(brandId)}/suggestions/${enc(s.id)}`);
        } catch (error) { toast(error.message); }
      } } }, t("studio.handOff")),
      h("button", { type: "button", class: "secondary", on: { click: async () => {
        try {
          await request("DELETE", `${path}/drafts/${enc(d.id)}`, { ifMatch: etag });
          go(`/studio/${enc(brandId)}/suggestions/${enc(s.id)}`);
        } catch (error) { toast(error.message); }
      } } }, t("studio.discard")));
  }
  return h("li", { class: "draft", dataset: { compliance: d.compliance }, "aria-labelledby": `draft-${d.id}` },
    h("header", {},
      h("span", { class: "rank", "aria-label": t("studio.rank", { n: d.rank }) }, `#${d.rank}`),
      h("h2", { id: `draft-${d.id}` }, d.title),
      h("span", { class: "score" }, t("studio.score", { score: d.score.score }))),
    h("div", { class: "labels" },
      h("span", { class: `tag ${complianceTone}` }, t(`compliance.${d.compliance}`)),
      d.labels.sponsored ? h("span", { class: "tag info" }, t("note.sponsoredBy", { brand: d.labels.partnerBrandId })) : null,
      d.labels.aiAssisted ? h("span", { class: "tag info" }, t("studio.aiAssisted")) : null,
      d.state !== "Proposed" ? h("span", { class: "tag" }, t(`draftState.${d.state}`)) : null),
    h("p", { class: "muted" }, d.labels.disclosure),
    h("p", { class: "note-body" }, markWords(d.body, words)),
    h("p", {}, d.topics.map((x) => h("span", { class: "topic" }, `#${x} `))),
    h("p", {}, h("strong", {}, t("studio.cover")), " ", d.coverImageIdea),
    h("p", {}, h("strong", {}, t("studio.why")), " ", d.whyItWorks),
    h("p", { class: "muted" }, t("studio.predicted", {
      rate: `${(d.score.predictedEngagementRate * 100).toFixed(1)}%`, baseline: `${(d.score.baselineEngagementRate * 100).toFixed(1)}%` }), " ", d.score.explanation),
    d.findings.length ? h("div", {}, h("h3", {}, t("studio.findings")),
      h("ul", {}, d.findings.map((f) => h("li", {},
        h("span", { class: `tag ${f.action === "Flagged" ? "bad" : "warn"}` }, t(`findingAction.${f.action}`)), " ",
        `${f.field} · ${f.rule}: `, h("mark", {}, f.matched), f.replacement ? ` → ${f.replacement}` : "")))) : h("p", { class: "muted" }, t("studio.noFindings")),
    d.adjustments.length ? h("details", {}, h("summary", {}, t("studio.adjustments")), h("ul", {}, d.adjustments.map((a) => h("li", {}, a)))) : null,
    d.handedOffTo ? h("p", {}, t("studio.handedOff", { creator: d.handedOffTo })) : null,
    actions);
}

export async function noteAnalytics(ctx) {
  const gate = needSignIn("brand");
  if (gate) return gate;
  const { brandId, noteId } = ctx.params;
  const m = await get(`/api/brands/${enc(brandId)}/analytics/notes/${enc(noteId)}`);
  const steps = [
    ["views", m.views], ["likes", m.likes], ["collects", m.collects], ["comments", m.comments],
    ["productClicks", m.productClicks], ["orders", m.orders],
  ];
  // Bars are relative to the largest step (views, unless a client does not report them).
  const max = Math.max(1, ...steps.map(([, value]) => value));
  return {
    title: t("studio.noteAnalytics"),
    node: h("section", {},
      h("h1", {}, t("studio.noteAnalyticsFor", { title: m.title ?? noteId })),
      h("p", {}, h("a", { href: `#/notes/${enc(noteId)}` }, t("studio.openNote")), " · ", h("a", { href: href("/studio", { brand: brandId }) }, t("studio.back"))),
      m.removed ? h("p", { class: "notice" }, t("studio.removed")) : null,
      h("ol", { class: "funnel", "aria-label": t("studio.funnel") }, steps.map(([key, value]) => {
        const bar = h("span", { class: "bar", "aria-hidden": "true" });
        bar.style.width = `${Math.max(0.5, (value / max) * 100)}%`;
        return h("li", {}, h("span", {}, t(`metric.${key}`)), h("span", {}, bar), h("span", { class: "num" }, String(value)));
      })),
      // Revenue is a plain amount in the shops' currency (the analytics do not carry one).
      h("p", {}, h("strong", {}, t("metric.revenue")), " ", new Intl.NumberFormat(lang() === "zh" ? "zh-CN" : "en", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(m.revenue)),
      h("p", {}, t("studio.engagementRate", { rate: `${(m.engagementRate * 100).toFixed(1)}%` })),
      m.features?.length ? h("p", { class: "muted" }, t("studio.noteFeatures"), " ", m.features.join(" · ")) : null),
  };
}
