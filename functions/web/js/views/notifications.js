// The inbox: grouped likes and collects, comments, replies, mentions, follows, orders, moderation decisions, offers and
// hand-offs, newest first; mark one or all read. Brand members switch to their brand's inbox (?brand=).
import { h, replace, toast } from "../dom.js";
import { t } from "../i18n.js";
import { get, post, query, enc, session } from "../api.js";
import { needSignIn, dateTime } from "../components.js";
import { poll } from "../notifications.js";

export async function inbox(ctx) {
  const gate = needSignIn();
  if (gate) return gate;
  const brand = ctx.query.get("brand");
  const base = brand ? `/api/brands/${enc(brand)}/notifications` : "/api/me/notifications";
  const first = await get(`${base}${query({ pageSize: 20 })}`);
  const list = h("ul", { class: "inbox", "aria-label": t("inbox.title") });
  const status = h("p", { class: "muted", role: "status" });
  const count = (n) => replace(status, n ? t("inbox.unread", { n }) : t("inbox.allRead"));
  count(first.unread);

  const markRead = async (item, li) => {
    try {
      const result = await post(`${base}/${enc(item.id)}/read`);
      li.classList.remove("unread");
      li.querySelector("button")?.remove();
      count(result.unread);
      poll();
    } catch (error) { toast(error.message); }
  };
  const render = (item) => {
    const li = h("li", { class: item.read ? "" : "unread" },
      h("a", { href: targetOf(item, brand) }, describe(item)),
      " ", h("span", { class: "muted" }, dateTime(item.updatedAt)),
      item.reason ? h("p", { class: "muted" }, t("inbox.reason", { reason: item.reason })) : null);
    if (!item.read) li.append(" ", h("button", { type: "button", class: "link", on: { click: () => markRead(item, li) } }, t("inbox.markRead")));
    return li;
  };
  list.append(...first.items.map(render));

  let continuation = first.continuation;
  const more = h("button", { type: "button", class: "secondary", hidden: !continuation, on: { click: async () => {
    more.disabled = true;
    try {
      const page = await get(`${base}${query({ pageSize: 20, continuation })}`);
      list.append(...page.items.map(render));
      continuation = page.continuation;
      more.hidden = !continuation;
    } catch (error) { toast(error.message); } finally { more.disabled = false; }
  } } }, t("feed.more"));
  const readAll = h("button", { type: "button", class: "secondary", on: { click: async () => {
    try {
      const result = await post(`${base}/read-all`);
      list.querySelectorAll("li.unread").forEach((li) => { li.classList.remove("unread"); li.querySelector("button")?.remove(); });
      count(result.unread);
      poll();
    } catch (error) { toast(error.message); }
  } } }, t("inbox.markAll"));

  const brands = session.user?.roles.includes("brand") ? session.user.brands : [];
  const tabs = brands.length ? h("nav", { class: "tabs", "aria-label": t("inbox.whose") },
    h("a", { href: "#/notifications", "aria-current": brand ? null : "page" }, t("inbox.mine")),
    brands.map((b) => [" ", h("a", { href: `#/notifications?brand=${enc(b)}`, "aria-current": brand === b ? "page" : null }, t("inbox.brand", { brand: b }))])) : null;

  return {
    title: t("inbox.title"),
    node: h("section", {}, h("h1", {}, t("inbox.title")), tabs, status,
      first.items.length ? [h("p", {}, readAll), list, h("div", { class: "more" }, more)] : h("p", { class: "notice" }, t("inbox.empty"))),
  };
}

/** "Erin, Bob and 10 more liked your note": names of the latest people, then how many others. */
function describe(item) {
  const names = item.actors.map((a) => a.displayName);
  const who = names.length ? names.join(t("inbox.and")) : t("inbox.someone");
  const others = Math.max(0, item.count - names.length);
  const actor = others > 0 && names.length ? t("inbox.more", { who, n: others }) : who;
  return t(`inbox.kind.${item.kind}`, { who: actor, status: !item.status ? "" : item.kind === "Order" ? t(`orderStatus.${item.status}`) : t(`inbox.verdict.${item.status}`), brand: item.brandId ?? "" });
}

function targetOf(item, brand) {
  if (item.orderId) return `#/orders/${enc(item.orderId)}`;
  if (item.noteId) return `#/notes/${enc(item.noteId)}`;
  if (item.kind === "Follow" && item.actors[0]) return `#/users/${enc(item.actors[0].userId)}`;
  if (["Offer", "HandOff"].includes(item.kind) && !brand) return "#/collabs";
  if (["OfferAccepted", "OfferDeclined", "PartnershipEnded"].includes(item.kind) && brand) return `#/studio/${enc(item.brandId)}/collab`;
  if (item.suggestionId && brand) return `#/studio/${enc(item.brandId)}/suggestions/${enc(item.suggestionId)}`;
  return brand ? `#/notifications?brand=${enc(brand)}` : "#/notifications";
}
