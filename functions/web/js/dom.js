// A tiny DOM builder. Text is always set as text (never parsed as HTML), so user content cannot inject markup.

/**
 * h("a", { href: "#/", class: "x", on: { click } , "aria-label": "..." }, "text", childNode, [more])
 * Props: class, text, on (event handlers), dataset, and anything else as an attribute (false/null/undefined leave it out;
 * true sets it empty). value, checked, selected, disabled, hidden are set as properties.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "on") for (const [type, handler] of Object.entries(value)) el.addEventListener(type, handler);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (["value", "checked", "selected", "disabled", "hidden", "multiple", "required"].includes(key)) el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

/** Text with the search engine's <em> highlights: the API escapes everything else, but build nodes anyway. */
export function highlighted(fragment) {
  const span = h("span", { class: "hl" });
  const parts = String(fragment).split(/(<em>|<\/em>)/);
  let inside = false;
  for (const part of parts) {
    if (part === "<em>") { inside = true; continue; }
    if (part === "</em>") { inside = false; continue; }
    const text = decodeEntities(part);
    span.append(inside ? h("em", {}, text) : document.createTextNode(text));
  }
  return span;
}

function decodeEntities(text) {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[name]);
}

/** Text with the given [start, length) ranges wrapped in <mark> (integrity findings). */
export function marked(text, ranges) {
  const span = h("span");
  let at = 0;
  for (const [start, length] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at || start > text.length) continue;
    span.append(text.slice(at, start), h("mark", {}, text.slice(start, start + length)));
    at = start + length;
  }
  span.append(text.slice(at));
  return span;
}

/** Text with every occurrence of the given words wrapped in <mark>. */
export function markWords(text, words) {
  const ranges = [];
  for (const word of new Set(words.filter(Boolean))) {
    let i = text.indexOf(word);
    while (i >= 0) { ranges.push([i, word.length]); i = text.indexOf(word, i + word.length); }
  }
  return marked(text, ranges.filter((r, i, all) => !all.some((o, j) => j < i && r[0] < o[0] + o[1] && o[0] < r[0] + r[1])));
}

let toastTimer;
let toastAt = 0;
/** A short message in the polite live region. */
export function toast(message) {
  const el = document.getElementById("toast");
  el.textContent = message;
  toastAt = Date.now();
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.textContent = ""; }, 4000);
}

// A message about something done on the previous page goes when the next page shows, unless it was just said
// (e.g. "published" right before opening the note).
window.addEventListener("route-rendered", () => {
  if (Date.now() - toastAt > 1500) document.getElementById("toast").textContent = "";
});

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
