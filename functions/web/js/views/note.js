// A note: gallery, title, body with #topics, labels, like/collect/follow, product cards, comments.
import { h, replace, toast } from "../dom.js";
import { richText, mentionAutocomplete } from "../mentions.js";
import { t, lang } from "../i18n.js";
import { get, put, post, del, request, enc, renditionUrl, session, money, ApiError } from "../api.js";
import { findingsList, dateTime, showFormError } from "../components.js";
import { go } from "../router.js";
import { startView, track, observeVideoProgress } from "../events.js";

export async function notePage(ctx) {
  const noteId = ctx.params.noteId;
  const { data: note, etag } = await request("GET", `/api/notes/${enc(noteId)}`);
  const me = session.user;
  const mine = me?.id === note.authorId;
  if (!mine) startView(note.id);

  const [media, profile, products] = await Promise.all([
    // GET /api/notes/{id} brings its media (renditions; a video's poster and MP4s); fetch one by one only without them.
    note.media ?? Promise.all(note.mediaIds.map((id) => get(`/api/media/${enc(id)}`).catch(() => ({ id, kind: "Image", renditions: [] })))),
    get(`/api/users/${enc(note.authorId)}`).catch(() => null),
    note.productIds.length ? get(`/api/notes/${enc(noteId)}/products`).then((p) => p.items).catch(() => []) : Promise.resolve([]),
  ]);

  const node = h("article", { class: "note" },
    gallery(media, note.title, mine ? null : note.id),
    h("div", { class: "note-text" },
      author(note.authorId, profile, mine),
      h("h1", {}, note.title),
      labels(note, mine),
      h("p", { class: "note-body" }, richText(note.body, note.mentions)),
      topicList(note),
      h("p", { class: "muted" }, t("note.posted", { when: dateTime(note.createdAt) })),
      engagement(note),
      mine ? ownerActions(note, etag) : null,
      products.length ? productsSection(products, noteId) : null,
      comments(noteId)));
  return { title: note.title, node };
}

function gallery(media, title, trackedNoteId) {
  if (!media.length) return h("div", { class: "gallery" }, h("div", { class: "cover" }, h("span", { class: "cover-text" }, title)));
  const frames = h("div", { class: "frames", tabindex: "0", role: "region", "aria-label": t("note.gallery") });
  media.forEach((item, i) => frames.append(h("figure", { class: "frame", "aria-label": t("note.image", { n: i + 1, total: media.length }) }, mediaElement(item, title, i, trackedNoteId))));
  const dots = h("div", { class: "dots" });
  const show = (i) => {
    const index = Math.max(0, Math.min(media.length - 1, i));
    frames.children[index].scrollIntoView({ behavior: "smooth", block: "nearest", inline: "center" });
    setCurrent(index);
  };
  const setCurrent = (index) => [...dots.children].forEach((d, j) => d.setAttribute("aria-current", j === index ? "true" : "false"));
  media.forEach((_, i) => dots.append(h("button", { type: "button", "aria-label": t("note.image", { n: i + 1, total: media.length }), on: { click: () => show(i) } })));
  setCurrent(0);
  const current = () => Math.round(frames.scrollLeft / Math.max(1, frames.clientWidth));
  frames.addEventListener("scroll", () => setCurrent(current()), { passive: true });
  frames.addEventListener("keydown", (e) => {
    if (e.key === "ArrowRight") { e.preventDefault(); show(current() + 1); }
    if (e.key === "ArrowLeft") { e.preventDefault(); show(current() - 1); }
  });
  const controls = media.length > 1 ? h("div", { class: "controls" },
    h("button", { type: "button", class: "secondary", "aria-label": t("note.previous"), on: { click: () => show(current() - 1) } }, "‹"),
    dots,
    h("button", { type: "button", class: "secondary", "aria-label": t("note.next"), on: { click: () => show(current() + 1) } }, "›")) : null;
  return h("div", { class: "gallery" }, frames, controls);
}

function mediaElement(item, title, i, trackedNoteId) {
  const url = (name) => item.renditions?.find((r) => r.name === name)?.url ?? null;
  if (item.kind === "Video") {
    // The MP4 renditions (largest first): the smallest that still fills the screen's pixels, else the largest.
    const videos = item.videos ?? item.renditions?.filter((r) => r.contentType === "video/mp4") ?? [];
    const screenEdge = Math.min(screen.width, screen.height) * (window.devicePixelRatio || 1);
    const fitting = [...videos].reverse().find((v) => Math.min(v.width ?? 0, v.height ?? 0) >= screenEdge) ?? videos[0];
    const video = h("video", {
      controls: true, playsinline: true, preload: "metadata", src: fitting?.url ?? "",
      poster: item.poster ?? url("detail.webp") ?? "", "aria-label": `${title} (${i + 1})`,
    });
    if (item.dominantColor) video.style.backgroundColor = item.dominantColor;
    observeVideoProgress(video, trackedNoteId);
    return video;
  }
  const alt = `${title} (${i + 1})`;
  const img = h("img", { src: url("detail.webp") ?? renditionUrl(item.id, "detail.webp"), alt, loading: i === 0 ? "eager" : "lazy" });
  if (item.dominantColor) img.style.backgroundColor = item.dominantColor; // painted until the image arrives
  return img;
}

function author(authorId, profile, mine) {
  const name = profile?.displayName || authorId;
  const box = h("div", { class: "author" },
    h("span", { class: "avatar", "aria-hidden": "true" }, name.slice(0, 1).toUpperCase()),
    h("a", { href: `#/users/${enc(authorId)}` }, name));
  if (!mine && profile) box.append(followButton(authorId, profile.followedByViewer === true));
  return box;
}

export function followButton(userId, following) {
  const button = h("button", { type: "button", class: "secondary", "aria-pressed": String(following) });
  const label = () => { button.textContent = button.getAttribute("aria-pressed") === "true" ? t("user.following") : t("user.follow"); };
  label();
  button.addEventListener("click", async () => {
    if (!session.user) { go(`/signin?next=${enc(location.hash.slice(1))}`); return; }
    const on = button.getAttribute("aria-pressed") !== "true";
    button.disabled = true;
    try {
      const result = on ? await put(`/api/users/${enc(userId)}/follow`) : await del(`/api/users/${enc(userId)}/follow`);
      button.setAttribute("aria-pressed", String(result.following));
      label();
      toast(result.following ? t("user.followed") : t("user.unfollowed"));
    } catch (error) {
      toast(error.message);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

function labels(note, mine) {
  const box = h("div", { class: "labels" });
  if (note.sponsored) box.append(h("span", { class: "tag info" }, note.partnerBrandId ? t("note.sponsoredBy", { brand: note.partnerBrandId }) : t("note.sponsored")));
  if (note.aiAssisted) box.append(h("span", { class: "tag info ai-label" }, t("note.aiAssisted")));
  if (note.visibility === "Private") box.append(h("span", { class: "tag" }, t("note.private")));
  if (note.status !== "Published") box.append(h("span", { class: `tag ${note.status === "Held" ? "warn" : "bad"}` }, t(`note.status.${note.status}`)));
  const wrapper = h("div", {}, box);
  if (note.aiAssisted) wrapper.append(h("p", { class: "notice ai-notice" }, t("note.aiAssistedNotice")));
  if (mine && note.moderation && (note.moderation.findings?.length || note.moderation.decision)) {
    const appeal = note.moderation.appeal;
    wrapper.append(h("div", { class: "notice" },
      h("p", {}, t("note.moderation", { outcome: note.moderation.outcome })),
      note.moderation.heldFor === "Restricted" ? h("p", {}, t("note.heldRestricted")) : null,
      appeal ? h("p", {}, t("note.decision", { verdict: appeal.original.verdict, reason: appeal.original.reason ?? "" })) : null,
      appeal ? h("p", {}, t("note.appealed", { reason: appeal.reason, when: dateTime(appeal.appealedAt) })) : null,
      appeal?.decision ? h("p", {}, t("note.appealDecision", { verdict: appeal.decision.verdict, reason: appeal.decision.reason ?? "" })) : null,
      !appeal && note.moderation.decision ? h("p", {}, t("note.decision", { verdict: note.moderation.decision.verdict, reason: note.moderation.decision.reason ?? "" })) : null,
      note.moderation.findings?.length ? findingsList(note.moderation.findings) : null,
      note.status === "Rejected" && !appeal ? appealForm(note) : null));
  }
  return box.childElementCount || wrapper.childElementCount > 1 ? wrapper : null;
}

/** The author's one appeal of a rejection, with a reason; a different moderator decides it. */
function appealForm(note) {
  const reason = h("textarea", { id: `appeal-${note.id}`, name: "reason", maxlength: "500", required: true, rows: "2" });
  const submit = async (event) => {
    event.preventDefault();
    try {
      await post(`/api/notes/${enc(note.id)}/appeal`, { reason: reason.value });
      toast(t("note.appealSent"));
      event.target.replaceWith(h("p", {}, t("note.appealSent")));
    } catch (error) {
      showFormError(event.target, error);
    }
  };
  return h("form", { on: { submit } },
    h("div", { class: "field" }, h("label", { for: reason.id }, t("note.appealReason")), reason),
    h("button", { type: "submit" }, t("note.appeal")));
}

/** Topics the body does not already show as #links. */
function topicList(note) {
  const inBody = new Set([...note.body.matchAll(/#([\p{L}\p{N}_]+)/gu)].map((m) => m[1].toLowerCase()));
  const extra = note.topics.filter((topic) => !inBody.has(topic.toLowerCase()));
  return extra.length ? h("ul", { class: "topics", "aria-label": t("note.topics") },
    extra.map((topic) => h("li", {}, h("a", { class: "topic", href: `#/topics/${enc(topic)}` }, `#${topic}`)))) : null;
}

function engagement(note) {
  const stats = note.stats ?? { likes: 0, collects: 0, comments: 0 };
  const viewer = note.viewer ?? { liked: false, collected: false };
  const toggle = (kind, pressed, count, paths) => {
    const countEl = h("span", {}, String(count));
    const button = h("button", { type: "button", class: "secondary", "aria-pressed": String(pressed) },
      h("span", { "aria-hidden": "true" }, kind === "like" ? "♥" : "★"), t(`note.${kind}`), countEl);
    button.addEventListener("click", async () => {
      if (!session.user) { go(`/signin?next=${enc(location.hash.slice(1))}`); return; }
      const on = button.getAttribute("aria-pressed") !== "true";
      button.disabled = true;
      try {
        const result = on ? await put(paths) : await del(paths);
        const active = kind === "like" ? result.liked : result.collected;
        button.setAttribute("aria-pressed", String(active));
        countEl.textContent = String(kind === "like" ? result.likes : result.collects);
        toast(t(`note.${kind}${active ? "On" : "Off"}`));
      } catch (error) {
        toast(error.message);
      } finally {
        button.disabled = false;
      }
    });
    return button;
  };
  const share = h("button", { type: "button", class: "secondary", on: { click: async () => {
    const url = location.href;
    track({ kind: "share", noteId: note.id, channel: "link" });
    try { await navigator.clipboard.writeText(url); toast(t("note.linkCopied")); } catch { toast(url); }
  } } }, t("note.share"));
  return h("div", { class: "actions" },
    toggle("like", viewer.liked, stats.likes, `/api/notes/${enc(note.id)}/like`),
    toggle("collect", viewer.collected, stats.collects, `/api/notes/${enc(note.id)}/collect`),
    share);
}

function ownerActions(note, etag) {
  const remove = h("button", { type: "button", class: "secondary", on: { click: async () => {
    if (!confirm(t("note.confirmDelete"))) return;
    try {
      await del(`/api/notes/${enc(note.id)}`, { ifMatch: etag });
      toast(t("note.deleted"));
      go(`/users/${enc(note.authorId)}`);
    } catch (error) {
      toast(error.message);
    }
  } } }, t("note.delete"));
  return h("div", { class: "button-row" }, h("a", { class: "button secondary", href: `#/notes/${enc(note.id)}/edit` }, t("note.edit")), remove);
}

function productsSection(products, noteId) {
  return h("section", { "aria-labelledby": "products-h" },
    h("h2", { id: "products-h" }, t("product.inNote")),
    h("div", { class: "products" }, products.map((p) => productCard(p, noteId))));
}

/** A product card: a SKU choice, add to cart, buy now. The note is remembered on the order (attribution). */
export function productCard(product, noteId) {
  const skus = product.skus;
  const select = h("select", { "aria-label": t("product.variant", { product: product.title }) },
    skus.map((s) => h("option", { value: s.id, disabled: !s.inStock },
      `${Object.values(s.attributes ?? {}).join(" / ") || t("product.default")} · ${money(s.price, lang())}${s.inStock ? "" : ` (${t("product.soldOut")})`}`)));
  const firstInStock = skus.find((s) => s.inStock);
  if (firstInStock) select.value = firstInStock.id;
  const price = h("p", { class: "price" });
  const showPrice = () => { price.textContent = money(skus.find((s) => s.id === select.value)?.price, lang()); };
  select.addEventListener("change", showPrice);
  showPrice();
  const addToCart = h("button", { type: "button", disabled: !product.available, on: { click: async () => {
    if (!session.user) { go(`/signin?next=${enc(location.hash.slice(1))}`); return; }
    try {
      await put(`/api/cart/items/${enc(select.value)}`, { quantity: 1, sourceNoteId: noteId });
      window.dispatchEvent(new CustomEvent("cart-changed"));
      toast(t("product.added"));
    } catch (error) {
      toast(error.message);
    }
  } } }, t("product.addToCart"));
  const buyNow = h("a", { class: "button secondary", href: `#/checkout?sku=${enc(select.value)}&note=${enc(noteId ?? "")}` }, t("product.buyNow"));
  select.addEventListener("change", () => { buyNow.href = `#/checkout?sku=${enc(select.value)}&note=${enc(noteId ?? "")}`; });
  const thumb = product.mediaIds?.[0] ? h("img", { src: renditionUrl(product.mediaIds[0], "thumbnail.webp"), alt: "" }) : null;
  const card = h("section", { class: "product", "aria-label": product.title },
    thumb ? h("div", { class: "thumb" }, thumb) : null,
    h("div", {},
      h("h3", {}, product.title),
      product.description ? h("p", { class: "muted" }, product.description) : null,
      price,
      product.available ? null : h("p", { class: "tag bad" }, t("product.soldOut")),
      h("div", { class: "buy" }, skus.length > 1 ? select : null, addToCart, buyNow)));
  // A tap on a product's buttons or link is a product click for the note it is tagged in.
  if (noteId) card.addEventListener("click", (e) => { if (e.target.closest("button, a")) track({ kind: "productClick", noteId, productId: product.id }); });
  return card;
}

function comments(noteId) {
  const section = h("section", { "aria-labelledby": "comments-h" }, h("h2", { id: "comments-h" }, t("comment.title")));
  const list = h("ul", { class: "comments" });
  const load = async () => {
    try {
      const page = await get(`/api/notes/${enc(noteId)}/comments?pageSize=50`);
      replace(list, page.items.length ? page.items.map(commentItem) : h("li", { class: "muted" }, t("comment.none")));
    } catch (error) {
      replace(list, h("li", {}, error instanceof ApiError && error.status === 404 ? t("comment.unavailable") : error.message));
    }
  };
  const commentItem = (c) => h("li", { class: "comment" },
    h("p", { class: "who" }, h("a", { href: `#/users/${enc(c.authorId)}` }, c.authorId), " ", h("span", { class: "muted" }, dateTime(c.createdAt))),
    h("p", {}, richText(c.body, c.mentions)),
    c.status && c.status !== "Published" ? h("span", { class: "tag warn" }, t(`note.status.${c.status}`)) : null,
    session.user?.id === c.authorId ? h("button", { type: "button", class: "link", on: { click: async () => {
      try { await del(`/api/notes/${enc(noteId)}/comments/${enc(c.id)}`); await load(); } catch (error) { toast(error.message); }
    } } }, t("comment.delete")) : null);

  if (session.user) {
    const input = h("textarea", { name: "body", id: "comment-body", maxlength: "500", rows: "3", required: true });
    const form = h("form", { class: "stack", on: { submit: async (e) => {
      e.preventDefault();
      try {
        await post(`/api/notes/${enc(noteId)}/comments`, { body: input.value });
        input.value = "";
        showFormError(form, null);
        toast(t("comment.posted"));
        await load();
      } catch (error) {
        showFormError(form, error);
      }
    } } },
    h("div", { class: "form-error" }),
    h("div", { class: "field mention-field" }, h("label", { for: "comment-body" }, t("comment.add")), input, mentionAutocomplete(input)),
    h("div", {}, h("button", { type: "submit" }, t("comment.post"))));
    section.append(form);
  } else {
    section.append(h("p", {}, h("a", { href: `#/signin?next=${enc(location.hash.slice(1))}` }, t("comment.signIn"))));
  }
  section.append(list);
  load();
  return section;
}

