// @mentions: links in rendered text, and autocomplete in the note editor and the comment box.
import { h, replace } from "./dom.js";
import { t } from "./i18n.js";
import { get, query, enc } from "./api.js";

/**
 * A body as text with its #topics and the @mentions the API resolved (note.mentions / comment.mentions: userId, start,
 * length) as links. Everything else stays text.
 */
export function richText(body, mentions = []) {
  const spans = [];
  for (const m of mentions ?? []) spans.push({ start: m.start, end: m.start + m.length, link: () => h("a", { class: "mention", href: `#/users/${enc(m.userId)}` }, body.slice(m.start, m.start + m.length)) });
  for (const m of body.matchAll(/#([\p{L}\p{N}_]+)/gu)) {
    spans.push({ start: m.index, end: m.index + m[0].length, link: () => h("a", { class: "topic", href: `#/topics/${enc(m[1])}` }, m[0]) });
  }
  spans.sort((a, b) => a.start - b.start);
  const parts = [];
  let at = 0;
  for (const span of spans) {
    if (span.start < at || span.end > body.length) continue; // overlapping or stale: leave as text
    parts.push(body.slice(at, span.start), span.link());
    at = span.end;
  }
  parts.push(body.slice(at));
  return parts;
}

/**
 * Suggests people while the writer types "@na…": a listbox under the field (arrow keys, Enter or Tab to choose, Escape to
 * close), nothing while an input method is composing. Choosing inserts "@Name " with the name's spaces removed, the
 * spelling the API resolves. Returns the element to place after the field.
 */
export function mentionAutocomplete(field) {
  const id = `${field.id || "field"}-mentions`;
  const list = h("ul", { class: "suggestions mentions", id, role: "listbox", "aria-label": t("mention.suggestions"), hidden: true });
  field.setAttribute("aria-controls", id);
  field.setAttribute("aria-autocomplete", "list");
  let items = [];
  let active = -1;
  let composing = false;
  let timer;
  let ticket = 0;

  const close = () => { list.hidden = true; items = []; active = -1; field.removeAttribute("aria-activedescendant"); };
  const pending = () => /@([^\s@#]{1,30})$/u.exec(field.value.slice(0, field.selectionStart ?? field.value.length));
  const highlight = (i) => {
    active = items.length ? (i + items.length) % items.length : -1;
    [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === active)));
    if (active >= 0) field.setAttribute("aria-activedescendant", list.children[active].id);
  };
  const choose = (user) => {
    const match = pending();
    if (!match) return close();
    const end = field.selectionStart ?? field.value.length;
    const start = end - match[0].length;
    const insert = `@${user.displayName.replace(/\s+/gu, "")} `;
    field.value = field.value.slice(0, start) + insert + field.value.slice(end);
    field.selectionStart = field.selectionEnd = start + insert.length;
    field.dispatchEvent(new Event("input"));
    close();
    field.focus();
  };
  const suggest = async () => {
    const match = pending();
    const mine = ++ticket;
    if (!match) return close();
    try {
      const page = await get(`/api/users${query({ prefix: match[1], pageSize: 8 })}`);
      if (mine !== ticket || composing) return;
      items = page.items;
      replace(list, items.map((u, i) => h("li", { role: "option", id: `${id}-${i}`, "aria-selected": "false",
        on: { mousedown: (e) => { e.preventDefault(); choose(u); } } }, u.displayName, " ", h("span", { class: "muted" }, `@${u.userId}`))));
      list.hidden = !items.length;
      active = -1;
    } catch {
      close(); // not signed in, or over the lookup rate: typing goes on without suggestions
    }
  };
  field.addEventListener("compositionstart", () => { composing = true; });
  field.addEventListener("compositionend", () => { composing = false; clearTimeout(timer); timer = setTimeout(suggest, 200); });
  field.addEventListener("input", (e) => { if (e.isComposing || composing) return; clearTimeout(timer); timer = setTimeout(suggest, 200); });
  field.addEventListener("keydown", (e) => {
    if (e.isComposing || composing || list.hidden) return;
    if (e.key === "ArrowDown") { e.preventDefault(); highlight(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
    else if (e.key === "Escape") { e.preventDefault(); close(); }
    else if ((e.key === "Enter" || e.key === "Tab") && active >= 0) { e.preventDefault(); choose(items[active]); }
  });
  field.addEventListener("blur", () => setTimeout(close, 150));
  return list;
}
