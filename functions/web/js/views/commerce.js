// Cart, checkout, orders and the simulated payment: product card → cart → checkout → pay → order status.
import { h, replace, toast, sleep } from "../dom.js";
import { t, lang } from "../i18n.js";
import { get, put, del, request, query, enc, money, session, apiBase } from "../api.js";
import { dateTime, needSignIn, showFormError, loading } from "../components.js";
import { go, href } from "../router.js";

export async function cart() {
  const gate = needSignIn();
  if (gate) return gate;
  const view = await get("/api/cart");
  const section = h("section", {}, h("h1", {}, t("cart.title")));
  if (!view.lines.length) {
    section.append(h("p", { class: "notice" }, t("cart.empty")), h("p", {}, h("a", { href: "#/" }, t("nav.explore"))));
    return { title: t("cart.title"), node: section };
  }
  const shops = await Promise.all(view.shops.map((s) => get(`/api/shops/${enc(s.shopId)}`).catch(() => ({ id: s.shopId, name: s.shopId }))));
  for (const shop of view.shops) {
    const name = shops.find((x) => x.id === shop.shopId)?.name ?? shop.shopId;
    const lines = view.lines.filter((l) => l.shopId === shop.shopId);
    section.append(h("section", { class: "panel", "aria-label": t("cart.shop", { shop: name }) },
      h("h2", {}, t("cart.shop", { shop: name })),
      h("ul", { class: "cart-lines" }, lines.map(cartLine)),
      h("p", { class: "num" }, h("strong", {}, t("cart.subtotal", { amount: money(shop.subtotal, lang()) }))),
      h("div", { class: "button-row" }, h("a", { class: "button", href: href("/checkout", { shop: shop.shopId }) }, t("cart.checkout")))));
  }
  return { title: t("cart.title"), node: section };
}

function cartLine(line) {
  const setQuantity = async (quantity) => {
    try {
      if (quantity <= 0) await del(`/api/cart/items/${enc(line.skuId)}`);
      else await put(`/api/cart/items/${enc(line.skuId)}`, { quantity, sourceNoteId: line.sourceNoteId });
      window.dispatchEvent(new CustomEvent("cart-changed"));
      go("/cart");
    } catch (error) {
      toast(error.message);
    }
  };
  const attributes = Object.entries(line.attributes ?? {}).map(([k, v]) => `${k}: ${v}`).join(", ");
  return h("li", { class: "cart-line" },
    h("div", { class: "what" }, h("div", {}, line.title), attributes ? h("div", { class: "muted" }, attributes) : null,
      h("div", { class: "muted" }, `${t("cart.price")} ${money(line.unitPrice, lang())}`),
      line.purchasable ? null : h("span", { class: "tag bad" }, t("product.soldOut"))),
    h("div", { class: "how" },
      h("span", { class: "qty", role: "group", "aria-label": t("cart.quantityOf", { item: line.title }) },
        h("button", { type: "button", class: "secondary", "aria-label": t("cart.less", { item: line.title }), on: { click: () => setQuantity(line.quantity - 1) } }, "−"),
        h("output", { "aria-live": "polite" }, String(line.quantity)),
        h("button", { type: "button", class: "secondary", "aria-label": t("cart.more", { item: line.title }), disabled: line.quantity >= line.available,
          on: { click: () => setQuantity(line.quantity + 1) } }, "+")),
      h("strong", { class: "num" }, money(line.lineTotal, lang())),
      h("button", { type: "button", class: "link", "aria-label": t("cart.removeItem", { item: line.title }), on: { click: () => setQuantity(0) } }, t("cart.remove"))));
}

export async function checkout(ctx) {
  const gate = needSignIn();
  if (gate) return gate;
  const shopId = ctx.query.get("shop");
  const skuId = ctx.query.get("sku");
  const noteId = ctx.query.get("note") || null;

  // What is being bought: a shop's cart lines, or one SKU ("buy now" from a note's product card).
  let summary;
  if (skuId) {
    summary = h("p", {}, t("checkout.buyNow"));
  } else {
    const view = await get("/api/cart");
    const lines = view.lines.filter((l) => !shopId || l.shopId === shopId);
    const subtotal = view.shops.find((s) => s.shopId === (shopId ?? lines[0]?.shopId))?.subtotal;
    summary = h("div", {}, h("ul", {}, lines.map((l) => h("li", {}, `${l.title} × ${l.quantity} — ${money(l.lineTotal, lang())}`))),
      h("p", {}, h("strong", {}, t("cart.subtotal", { amount: money(subtotal, lang()) }))));
  }

  const quantity = h("input", { name: "quantity", id: "quantity", type: "number", min: "1", max: "99", value: "1", inputmode: "numeric" });
  const input = (name, autocomplete, required = true, value = "") =>
    h("input", { name, id: `addr-${name}`, type: "text", autocomplete, required, value });
  const fields = {
    recipientName: input("recipientName", "name", true, session.user?.name ?? ""),
    phone: input("phone", "tel"),
    line1: input("line1", "address-line1"),
    line2: input("line2", "address-line2", false),
    city: input("city", "address-level2"),
    region: input("region", "address-level1", false),
    postalCode: input("postalCode", "postal-code", false),
    country: input("country", "country", true, "CN"),
  };
  fields.phone.type = "tel";
  // One key per visit to this page: pressing the button twice (or a retry after a lost answer) makes one order.
  const idempotencyKey = crypto.randomUUID();
  const submit = h("button", { type: "submit" }, t("checkout.placeOrder"));
  const form = h("form", { class: "stack", on: { submit: async (e) => {
    e.preventDefault();
    submit.disabled = true;
    const shippingAddress = Object.fromEntries(Object.entries(fields).map(([k, el]) => [k, el.value.trim() || null]));
    const body = skuId
      ? { shippingAddress, items: [{ skuId, quantity: Number(quantity.value), sourceNoteId: noteId }] }
      : { shippingAddress, shopId };
    try {
      const { data: order } = await request("POST", "/api/checkout", { body, headers: { "Idempotency-Key": idempotencyKey } });
      window.dispatchEvent(new CustomEvent("cart-changed"));
      go(`/orders/${enc(order.id)}`);
    } catch (error) {
      showFormError(form, error);
      submit.disabled = false;
    }
  } } },
  h("div", { class: "form-error" }),
  skuId ? h("div", { class: "field" }, h("label", { for: "quantity" }, t("cart.quantity")), quantity) : null,
  h("fieldset", {}, h("legend", {}, t("checkout.address")),
    h("div", { class: "stack" }, Object.entries(fields).map(([k, el]) => h("div", { class: "field" }, h("label", { for: el.id }, t(`address.${k}`)), el)))),
  h("div", { class: "button-row" }, submit));
  return { title: t("checkout.title"), node: h("section", {}, h("h1", {}, t("checkout.title")), summary, form) };
}

export async function orders() {
  const gate = needSignIn();
  if (gate) return gate;
  const page = await get(`/api/orders${query({ pageSize: 50 })}`);
  const node = h("section", {}, h("h1", {}, t("orders.title")));
  if (!page.items.length) node.append(h("p", { class: "notice" }, t("orders.none")));
  else node.append(h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": t("orders.title") }, h("table", {},
    h("thead", {}, h("tr", {}, ["orders.order", "orders.date", "orders.status", "orders.total"].map((k) => h("th", { scope: "col" }, t(k))))),
    h("tbody", {}, page.items.map((o) => h("tr", {},
      h("td", {}, h("a", { href: `#/orders/${enc(o.id)}` }, o.lines.map((l) => l.title).join(", ") || o.id)),
      h("td", {}, dateTime(o.createdAt)),
      h("td", {}, statusTag(o.status)),
      h("td", { class: "num" }, money(o.total, lang()))))))));
  return { title: t("orders.title"), node };
}

export function statusTag(status) {
  const tone = { PendingPayment: "warn", Paid: "ok", Fulfilling: "ok", Shipped: "ok", Delivered: "ok", Completed: "ok", Cancelled: "bad", RefundRequested: "warn", Refunded: "info" }[status] ?? "";
  return h("span", { class: `tag status ${tone}` }, t(`orderStatus.${status}`));
}

const ACTION_ROUTES = {
  Cancel: "cancel", Ship: "ship", Deliver: "deliver", Complete: "complete",
  RequestRefund: "refund-request", ApproveRefund: "refund/approve", RejectRefund: "refund/reject",
};

export async function order(ctx) {
  const gate = needSignIn();
  if (gate) return gate;
  const orderId = ctx.params.orderId;
  const o = await get(`/api/orders/${enc(orderId)}`);
  const me = session.user;
  const status = h("p", { class: "status-line", role: "status", "aria-live": "polite" }, t("orders.statusIs"), " ", statusTag(o.status));
  const actions = h("div", { class: "button-row" });
  if (o.status === "PendingPayment" && o.buyerId === me.id) {
    actions.append(h("button", { type: "button", on: { click: () => pay(o, status) } }, t("orders.pay", { amount: money(o.total, lang()) })));
    actions.append(h("span", { class: "muted" }, t("orders.payBy", { when: dateTime(o.paymentDueAt) })));
  }
  for (const action of o.actions.filter((a) => ACTION_ROUTES[a])) {
    actions.append(h("button", { type: "button", class: "secondary", on: { click: () => act(o, action) } }, t(`orderAction.${action}`)));
  }

  const node = h("section", {},
    h("h1", {}, t("orders.orderTitle")),
    h("p", { class: "muted" }, `${t("orders.order")} ${o.id} · ${dateTime(o.createdAt)}`),
    status,
    actions,
    h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": t("orders.orderTitle") }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("cart.item")), h("th", { scope: "col", class: "num" }, t("cart.quantity")), h("th", { scope: "col", class: "num" }, t("cart.total")))),
      h("tbody", {}, o.lines.map((l) => h("tr", {},
        h("td", {}, l.title, l.sourceNoteId ? h("div", { class: "muted" }, h("a", { href: `#/notes/${enc(l.sourceNoteId)}` }, t("orders.fromNote"))) : null),
        h("td", { class: "num" }, String(l.quantity)),
        h("td", { class: "num" }, money(l.lineTotal, lang()))))),
      h("tfoot", {},
        h("tr", {}, h("th", { scope: "row", colspan: "2" }, t("orders.shipping")), h("td", { class: "num" }, money(o.shippingFee, lang()))),
        h("tr", {}, h("th", { scope: "row", colspan: "2" }, t("orders.total")), h("td", { class: "num" }, h("strong", {}, money(o.total, lang()))))))),
    o.payment ? h("p", {}, t("orders.paidAt", { when: dateTime(o.payment.paidAt), amount: money(o.payment.amount, lang()) })) : null,
    o.shipment ? h("p", {}, t("orders.shipped", { carrier: o.shipment.carrier, tracking: o.shipment.trackingNumber })) : null,
    h("h2", {}, t("orders.history")),
    h("ol", { class: "timeline" }, o.history.map((step) => h("li", {},
      h("strong", {}, t(`orderStatus.${step.to}`)), " ", h("span", { class: "muted" }, `${dateTime(step.at)} · ${step.cause}`)))));
  return { title: t("orders.orderTitle"), node };
}

/**
 * Starts payment and sends the buyer to the provider. The embedded host's simulated provider has no page that returns
 * here, so for it the client shows the provider's two buttons (pay, fail) and calls its pay endpoint itself.
 */
async function pay(o, status) {
  let payment;
  try {
    payment = await request("POST", `/api/orders/${enc(o.id)}/payment`, { body: undefined }).then((r) => r.data);
  } catch (error) {
    toast(error.message);
    return;
  }
  const payUrl = new URL(payment.payUrl, location.href);
  if (!payUrl.pathname.startsWith("/dev/payments/")) {
    location.assign(payUrl.href);
    return;
  }
  const dialog = h("dialog", { "aria-labelledby": "pay-h" });
  const outcome = async (result) => {
    dialog.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    try {
      // The simulator lives on the embedded host, next to the API: call it there whatever host name the link carries.
      // The link's token is what lets the buyer in (the simulator's pages answer only through the pay link).
      const token = encodeURIComponent(payUrl.searchParams.get("token") ?? "");
      const response = await fetch(`${apiBase}${payUrl.pathname.replace(/\/$/, "")}/pay?outcome=${result}&token=${token}`, { method: "POST" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      toast(error.message);
    }
    dialog.close();
    dialog.remove();
    replace(status, t("orders.statusIs"), " ", loading());
    await waitForChange(o);
  };
  dialog.append(
    h("h2", { id: "pay-h" }, t("pay.title")),
    h("p", { class: "muted" }, t("pay.simulated")),
    h("p", {}, h("strong", {}, money(payment.amount, lang()))),
    h("div", { class: "button-row" },
      h("button", { type: "button", on: { click: () => outcome("succeeded") } }, t("pay.confirm")),
      h("button", { type: "button", class: "secondary", on: { click: () => outcome("failed") } }, t("pay.fail")),
      h("button", { type: "button", class: "link", on: { click: () => { dialog.close(); dialog.remove(); } } }, t("common.cancel"))));
  document.body.append(dialog);
  dialog.showModal();
}

async function act(o, action) {
  let body;
  if (action === "Ship") {
    const carrier = prompt(t("orders.carrier"), "SF Express");
    if (carrier === null) return;
    const tracking = prompt(t("orders.tracking"), "");
    if (tracking === null) return;
    body = { carrier, trackingNumber: tracking };
  } else if (action === "RequestRefund" || action === "RejectRefund" || action === "Cancel") {
    const reason = prompt(t("orders.reason"), "");
    if (reason === null) return;
    body = action === "RequestRefund" ? { reason, returnGoods: true } : reason ? { reason } : undefined;
  }
  try {
    await request("POST", `/api/orders/${enc(o.id)}/${ACTION_ROUTES[action]}`, { body });
    toast(t("orders.accepted"));
    await waitForChange(o);
  } catch (error) {
    toast(error.message);
  }
}

// Actions are applied by the order workflow behind a queue (202): poll the order until it moves, then show it again.
async function waitForChange(o) {
  for (let i = 0; i < 60; i++) {
    await sleep(i < 10 ? 300 : 1000);
    const now = await get(`/api/orders/${enc(o.id)}`).catch(() => null);
    if (now && (now.status !== o.status || now.updatedAt !== o.updatedAt)) break;
  }
  go(`/orders/${enc(o.id)}`);
}
