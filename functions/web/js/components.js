// Pieces several pages share: the note grid, error boxes, pagers, status tags.
import { h, highlighted, replace } from "./dom.js";
import { t, lang } from "./i18n.js";
import { get, enc, renditionUrl, session } from "./api.js";
import { observeImpression } from "./events.js";

/**
 * The two-column grid of 3:4 covers. Items are notes ({ id, title, authorId, mediaIds }) or search hits
 * ({ id, title, authorId, engagement, highlights }); hits carry no media ids, so their covers are looked up per note.
 */
export function noteGrid(items, { label } = {}) {
  const list = h("ul", { class: "grid", "aria-label": label ?? t("feed.notes") });
  appendNotes(list, items);
  return list;
}

export function appendNotes(list, items) {
  for (const item of items) list.append(noteCard(item));
}

export function noteCard(item) {
  const title = item.highlights?.title ? highlighted(item.highlights.title) : item.title;
  const cover = h("div", { class: "cover" });
  const likes = item.engagement?.likes ?? item.stats?.likes;
  const card = h("li", { class: "card" },
    h("a", { class: "cover-link", href: `#/notes/${enc(item.id)}` }, cover, h("p", { class: "title" }, title)),
    h("div", { class: "meta" },
      h("a", { href: `#/users/${enc(item.authorId)}` }, h("span", { class: "visually-hidden" }, t("note.author") + " "), item.authorId),
      likes === undefined ? null : h("span", {}, h("span", { "aria-hidden": "true" }, "♥ "), h("span", { class: "visually-hidden" }, t("note.likes") + " "), String(likes))),
  );
  if (item.sponsored) card.querySelector(".meta").append(h("span", { class: "tag info" }, t("note.sponsored")));
  if (item.mediaIds) setCover(cover, item.mediaIds[0], item.title);
  else coverQueue.add(item.id, (mediaIds) => setCover(cover, mediaIds?.[0], item.title));
  observeImpression(card, item.id);
  return card;
}

function setCover(cover, mediaId, title) {
  if (!mediaId) {
    replace(cover, h("span", { class: "cover-text", "aria-hidden": "true" }, title));
    return;
  }
  const img = h("img", { src: renditionUrl(mediaId, "feed.webp"), alt: "", loading: "lazy", decoding: "async" });
  // A video's poster has the same renditions as an image; media still processing (or missing) shows the title instead.
  img.addEventListener("error", () => replace(cover, h("span", { class: "cover-text", "aria-hidden": "true" }, title)), { once: true });
  replace(cover, img);
}

// Looks up notes' media ids a few at a time, and remembers them.
const coverQueue = {
  cache: new Map(),
  waiting: [],
  running: 0,
  add(noteId, done) {
    if (this.cache.has(noteId)) { done(this.cache.get(noteId)); return; }
    this.waiting.push([noteId, done]);
    this.pump();
  },
  pump() {
    while (this.running < 4 && this.waiting.length) {
      const [noteId, done] = this.waiting.shift();
      this.running++;
      get(`/api/notes/${enc(noteId)}`)
        .then((note) => { this.cache.set(noteId, note.mediaIds); done(note.mediaIds); })
        .catch(() => done([]))
        .finally(() => { this.running--; this.pump(); });
    }
  },
};

/** A "load more" button that fetches the next page with the continuation token and appends it. */
export function pager(list, first, fetchPage) {
  const holder = h("div", { class: "more" });
  let continuation = first.continuation;
  const button = h("button", { class: "secondary", type: "button", on: { click: async () => {
    button.disabled = true;
    try {
      const page = await fetchPage(continuation);
      appendNotes(list, page.items);
      continuation = page.continuation;
      if (!continuation) holder.remove();
    } finally {
      button.disabled = false;
    }
  } } }, t("feed.more"));
  if (continuation) holder.append(button);
  return holder;
}

/** An error as an alert: the message, every field error, and integrity findings (rule, words, explanation). */
export function errorBox(error) {
  const box = h("div", { class: "alert", role: "alert" }, h("p", {}, error.message ?? String(error)));
  const fields = error.fieldErrors ? Object.entries(error.fieldErrors) : [];
  if (fields.length) {
    box.append(h("ul", {}, fields.flatMap(([field, messages]) => messages.map((m) => h("li", {}, field === "$" ? m : `${field}: ${m}`)))));
  }
  if (error.findings?.length) box.append(findingsList(error.findings));
  return box;
}

/** Shows an error in a form's alert slot and marks the fields it names as invalid. */
export function showFormError(form, error) {
  const slot = form.querySelector(".form-error");
  form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
  if (!error) { if (slot) replace(slot); return; }
  if (slot) replace(slot, errorBox(error));
  for (const field of Object.keys(error.fieldErrors ?? {})) {
    form.querySelector(`[name="${CSS.escape(field)}"]`)?.setAttribute("aria-invalid", "true");
  }
  slot?.querySelector("[role=alert]")?.focus?.();
}

/** Integrity findings as the note/comment rules report them. */
export function findingsList(findings) {
  return h("ul", { class: "findings" }, findings.map((f) => h("li", {},
    h("span", { class: `tag ${f.outcome === "Reject" ? "bad" : "warn"}` }, f.ruleId ?? f.rule),
    " ", h("mark", {}, f.matched), " — ", f.explanation ?? "")));
}

/** A form field with its label, an optional hint and a described-by link for both. */
export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  const hintEl = hint ? h("span", { class: "hint", id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hintEl);
}

/** A page that needs a signed-in user (and optionally a role) says so instead of failing. */
export function needSignIn(role) {
  const user = session.user;
  if (user && (!role || user.roles.includes(role))) return null;
  const message = user ? t("auth.needRole", { role: t(`role.${role}`) }) : t("auth.needSignIn");
  return {
    title: t("auth.signIn"),
    node: h("section", {}, h("h1", {}, t("auth.signIn")), h("p", { class: "notice" }, message),
      h("p", {}, h("a", { class: "button", href: `#/signin?next=${enc(location.hash.slice(1) || "/")}` }, t("auth.signIn")))),
  };
}

export function dateTime(value) {
  if (!value) return "";
  return new Intl.DateTimeFormat(lang() === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

export function loading() {
  return h("p", { class: "muted" }, h("span", { class: "spinner", "aria-hidden": "true" }), " ", t("common.loading"));
}
