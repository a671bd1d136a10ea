// Brands and creators working together: the creator's inbox (offers to answer, drafts to publish) and, for brand members,
// offers (send, list, end), campaign results and creator search.
import { h, toast } from "../dom.js";
import { t } from "../i18n.js";
import { get, post, query, enc, session } from "../api.js";
import { field, needSignIn, showFormError, dateTime } from "../components.js";
import { refresh } from "../router.js";

const pct = (x) => `${(x * 100).toFixed(1)}%`;

/** The creator's inbox: offers (accept, decline, end) and handed-off drafts (open in the editor, then publish). */
export async function inbox() {
  const gate = needSignIn();
  if (gate) return gate;
  const [offers, drafts] = await Promise.all([get("/api/me/offers"), get("/api/me/drafts")]);
  return {
    title: t("collabs.title"),
    node: h("section", {},
      h("h1", {}, t("collabs.title")),
      h("section", { class: "panel", "aria-labelledby": "offers-h" }, h("h2", { id: "offers-h" }, t("collabs.offers")),
        offers.length ? h("ul", { class: "offers" }, offers.map((o) => offerItem(o, "creator"))) : h("p", { class: "muted" }, t("collabs.noOffers"))),
      h("section", { class: "panel", "aria-labelledby": "drafts-h" }, h("h2", { id: "drafts-h" }, t("collabs.drafts")),
        drafts.length ? h("ul", { class: "handed-drafts" }, drafts.map((d) => h("li", {},
          h("h3", {}, d.draft.title),
          h("p", { class: "muted" }, t("collabs.draftFrom", { brand: d.brandId, when: dateTime(d.draft.handedOffAt) })),
          d.draft.message ? h("p", {}, d.draft.message) : null,
          d.draft.aiAssisted ? h("span", { class: "tag info" }, t("note.aiAssisted")) : null,
          h("div", { class: "button-row" }, h("a", { class: "button", href: `#/compose?handoff=${enc(d.draft.draftId)}` }, t("collabs.openDraft"))))))
          : h("p", { class: "muted" }, t("collabs.noDrafts")))),
  };
}

function offerItem(o, side) {
  const c = o.terms.compensation;
  const actions = [];
  const act = (label, path) => h("button", { type: "button", class: label === "offer.decline" || label === "offer.end" ? "secondary" : null, on: { click: async (e) => {
    e.target.disabled = true;
    try {
      await post(path, {});
      toast(t("offer.done"));
      refresh();
    } catch (error) {
      toast(error.message);
      e.target.disabled = false;
    }
  } } }, t(label));
  if (side === "creator" && o.state === "Offered") {
    actions.push(act("offer.accept", `/api/me/offers/${enc(o.id)}/accept`), act("offer.decline", `/api/me/offers/${enc(o.id)}/decline`));
  }
  if (side === "creator" && o.state === "Active") actions.push(act("offer.end", `/api/me/offers/${enc(o.id)}/end`));
  if (side === "brand" && (o.state === "Active" || o.state === "Offered")) actions.push(act("offer.end", `/api/brands/${enc(o.brandId)}/offers/${enc(o.id)}/end`));
  return h("li", { class: "offer", dataset: { state: o.state } },
    h("p", {}, h("strong", {}, side === "creator" ? o.brandId : o.creatorId), " ", h("span", { class: "tag" }, t(`offerState.${o.state}`))),
    h("p", {}, o.terms.brief),
    h("p", { class: "muted" }, t(`compensation.${c.type}`, { amount: c.amount, currency: c.currency }), " · ",
      t("offer.deadline", { when: dateTime(o.terms.deadline) }),
      o.terms.productIds.length ? ` · ${t("offer.products", { n: o.terms.productIds.length })}` : null),
    actions.length ? h("div", { class: "button-row" }, actions) : null);
}

/** Brand side: send an offer, the brand's offers, campaign results, and creator search. */
export async function brandCollab(ctx) {
  const gate = needSignIn("brand");
  if (gate) return gate;
  const brandId = ctx.params.brandId;
  if (!session.user.brands.includes(brandId)) return { title: t("collab.title"), node: h("p", { class: "notice" }, t("studio.noBrand")) };
  const [offers, campaigns] = await Promise.all([
    get(`/api/brands/${enc(brandId)}/offers`),
    get(`/api/brands/${enc(brandId)}/campaigns`),
  ]);
  const form = offerForm(brandId, ctx.query.get("creator") ?? "");
  return {
    title: t("collab.title"),
    node: h("section", {},
      h("h1", {}, t("collab.titleFor", { brand: brandId })),
      h("p", {}, h("a", { href: `#/studio?brand=${enc(brandId)}` }, t("collab.backToStudio"))),
      creatorSearch(brandId, ctx.query.get("topic") ?? ""),
      form,
      h("section", { class: "panel", "aria-labelledby": "brand-offers-h" }, h("h2", { id: "brand-offers-h" }, t("collab.offers")),
        offers.length ? h("ul", { class: "offers" }, offers.map((o) => offerItem(o, "brand"))) : h("p", { class: "muted" }, t("collab.noOffers"))),
      campaignSection(campaigns)),
  };
}

function offerForm(brandId, creator) {
  const creatorId = h("input", { type: "text", id: "offer-creator", required: true, value: creator, autocomplete: "off" });
  const brief = h("textarea", { id: "offer-brief", rows: "3", maxlength: "1000", required: true });
  const products = h("input", { type: "text", id: "offer-products", autocomplete: "off" });
  const type = h("select", { id: "offer-type" }, ["Fee", "Commission", "Gifted"].map((v) => h("option", { value: v }, t(`compensationType.${v}`))));
  const amount = h("input", { type: "number", id: "offer-amount", min: "0", step: "0.01", value: "1000", inputmode: "decimal" });
  const currency = h("input", { type: "text", id: "offer-currency", value: "CNY", maxlength: "3" });
  const deadline = h("input", { type: "date", id: "offer-deadline", required: true,
    value: new Date(Date.now() + 14 * 864e5).toISOString().slice(0, 10) });
  const submit = h("button", { type: "submit" }, t("collab.send"));
  const form = h("form", { class: "stack", on: { submit: async (e) => {
    e.preventDefault();
    submit.disabled = true;
    try {
      await post(`/api/brands/${enc(brandId)}/offers`, {
        creatorId: creatorId.value.trim(),
        brief: brief.value,
        productIds: products.value.split(/[\s,，]+/).filter(Boolean),
        compensationType: type.value,
        amount: type.value === "Gifted" ? 0 : Number(amount.value),
        currency: currency.value,
        deadline: new Date(`${deadline.value}T23:59:59`).toISOString(),
      });
      toast(t("collab.sent"));
      refresh();
    } catch (error) {
      showFormError(form, error);
      submit.disabled = false;
    }
  } } },
  h("div", { class: "form-error" }),
  field(t("collab.creator"), creatorId),
  field(t("collab.brief"), brief),
  field(t("collab.productIds"), products, t("collab.productIdsHint")),
  field(t("collab.compensation"), type),
  field(t("collab.amount"), amount, t("collab.amountHint")),
  field(t("collab.currency"), currency),
  field(t("collab.deadline"), deadline),
  h("div", { class: "button-row" }, submit));
  return h("section", { class: "panel", "aria-labelledby": "send-offer-h" }, h("h2", { id: "send-offer-h" }, t("collab.sendTitle")), form);
}

function campaignSection(campaigns) {
  const section = h("section", { class: "panel", "aria-labelledby": "campaigns-h" }, h("h2", { id: "campaigns-h" }, t("collab.campaigns")));
  if (!campaigns.length) {
    section.append(h("p", { class: "muted" }, t("collab.noCampaigns")));
    return section;
  }
  const heads = ["collab.creator", "collab.state", "collab.notes", "metric.views", "metric.likes", "metric.orders", "metric.revenue"];
  section.append(h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": t("collab.campaigns") }, h("table", { class: "campaigns" },
    h("caption", { class: "visually-hidden" }, t("collab.campaigns")),
    h("thead", {}, h("tr", {}, heads.map((k) => h("th", { scope: "col" }, t(k))))),
    h("tbody", {}, campaigns.map((c) => h("tr", { dataset: { offer: c.offerId } },
      h("td", {}, c.creatorId),
      h("td", {}, t(`offerState.${c.state}`)),
      h("td", {}, c.notes.length ? h("ul", {}, c.notes.map((n) => h("li", {}, h("a", { href: `#/notes/${enc(n.noteId)}` }, n.title),
        n.aiAssisted ? ` (${t("note.aiAssisted")})` : null))) : "0"),
      h("td", { class: "num" }, String(c.funnel.views)),
      h("td", { class: "num" }, String(c.funnel.likes)),
      h("td", { class: "num" }, String(c.orders)),
      h("td", { class: "num" }, String(c.revenue))))))));
  return section;
}

function creatorSearch(brandId, initialTopic) {
  const topic = h("input", { type: "search", id: "creator-topic", value: initialTopic, autocomplete: "off" });
  const minFollowers = h("input", { type: "number", id: "creator-followers", min: "0", inputmode: "numeric" });
  const minRate = h("input", { type: "number", id: "creator-rate", min: "0", max: "100", step: "0.1", inputmode: "decimal" });
  const results = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "stack", role: "search", on: { submit: async (e) => {
    e.preventDefault();
    try {
      const found = await get(`/api/brands/${enc(brandId)}/creators${query({ topic: topic.value.replace(/^#/, ""), minFollowers: minFollowers.value || null, minEngagementRate: minRate.value || null })}`);
      results.replaceChildren(found.length ? h("ul", { class: "creators" }, found.map((c) => h("li", {},
        h("a", { href: `#/users/${enc(c.userId)}` }, c.displayName), " ",
        h("span", { class: "muted" }, t("collab.creatorStats", { followers: c.followers, rate: pct(c.engagementRate), notes: c.notesInTopic })),
        c.recentNotes.length ? h("ul", {}, c.recentNotes.map((n) => h("li", {}, h("a", { href: `#/notes/${enc(n.noteId)}` }, n.title)))) : null,
        h("a", { class: "button secondary", href: `#/studio/${enc(brandId)}/collab?creator=${enc(c.userId)}` }, t("collab.offerTo")))))
        : h("p", { class: "muted" }, t("collab.noCreators")));
    } catch (error) {
      showFormError(form, error);
    }
  } } },
  h("div", { class: "form-error" }),
  field(t("collab.topic"), topic),
  field(t("collab.minFollowers"), minFollowers),
  field(t("collab.minRate"), minRate),
  h("div", { class: "button-row" }, h("button", { type: "submit" }, t("collab.search"))));
  return h("section", { class: "panel", "aria-labelledby": "creator-search-h" }, h("h2", { id: "creator-search-h" }, t("collab.searchTitle")), form, results);
}
