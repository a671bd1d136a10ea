// Create or edit a note: images are uploaded straight to storage through an upload slot, then processed; the page
// follows each one until processing finishes (ready, with its thumbnail, or rejected, with the reason).
import { h, replace, toast, sleep } from "../dom.js";
import { mentionAutocomplete } from "../mentions.js";
import { t } from "../i18n.js";
import { get, post, request, enc, renditionUrl } from "../api.js";
import { field, needSignIn, showFormError } from "../components.js";
import { go } from "../router.js";

const MAX_IMAGES = 18;
export const DRAFT_KEY = "platform.composeDraft";

export async function compose(ctx) {
  const gate = needSignIn();
  if (gate) return gate;
  const editing = ctx.params.noteId ?? null;
  let note = null;
  let etag = null;
  if (editing) {
    const response = await request("GET", `/api/notes/${enc(editing)}`);
    note = response.data;
    etag = response.etag;
  } else if (ctx.query.get("draft")) {
    note = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? "null");
  }
  // A draft a brand handed off to this creator: its products, brand and AI-assisted label are kept when it is published.
  const handoff = editing ? null : ctx.query.get("handoff");
  if (handoff) {
    const handed = await get(`/api/me/drafts/${enc(handoff)}`);
    note = { ...handed.draft, sponsored: true, partnerBrandId: handed.brandId };
  }

  const title = h("input", { name: "title", type: "text", maxlength: "100", required: true, value: note?.title ?? "", autocomplete: "off" });
  const titleCount = h("span", { class: "hint", "aria-live": "polite" });
  const countTitle = () => { titleCount.textContent = t("compose.titleCount", { n: [...title.value].length }); };
  title.addEventListener("input", countTitle);
  countTitle();
  const body = h("textarea", { name: "body", maxlength: "1000", rows: "8", value: note?.body ?? "" });
  const topics = h("input", { name: "topics", type: "text", value: (note?.topics ?? []).join(" "), autocomplete: "off" });
  const products = h("input", { name: "productIds", type: "text", value: (note?.productIds ?? []).join(" "), autocomplete: "off" });
  const sponsored = h("input", { name: "sponsored", type: "checkbox", checked: note?.sponsored ?? false });
  const partner = h("input", { name: "partnerBrandId", type: "text", value: note?.partnerBrandId ?? "", autocomplete: "off" });
  const visibility = h("select", { name: "visibility" },
    h("option", { value: "Public", selected: (note?.visibility ?? "Public") === "Public" }, t("compose.public")),
    h("option", { value: "Private", selected: note?.visibility === "Private" }, t("compose.private")));

  const uploads = h("ul", { class: "uploads", "aria-label": t("compose.images"), "aria-live": "polite" });
  const items = []; // { mediaId, state, element }
  for (const mediaId of note?.mediaIds ?? []) items.push(existingItem(mediaId, uploads, items, () => updateSubmit()));

  const files = h("input", { type: "file", id: "images", name: "images", accept: "image/jpeg,image/png,image/webp,image/gif,video/mp4,video/quicktime,video/webm", multiple: true });
  files.addEventListener("change", () => {
    for (const file of [...files.files].slice(0, MAX_IMAGES - items.length)) items.push(uploadItem(file, uploads, items, () => updateSubmit()));
    files.value = "";
    updateSubmit();
  });

  const submit = h("button", { type: "submit" }, editing ? t("compose.save") : t("compose.publish"));
  const waiting = h("span", { class: "muted", "aria-live": "polite" });
  function updateSubmit() {
    const busy = items.some((i) => i.state === "Uploading" || i.state === "Processing");
    submit.disabled = busy;
    waiting.textContent = busy ? t("compose.waitProcessing") : "";
  }

  const form = h("form", { class: "stack", novalidate: true, on: { submit: async (e) => {
    e.preventDefault();
    const payload = {
      title: title.value,
      body: body.value,
      topics: topics.value.split(/[\s,，#]+/).filter(Boolean),
      mediaIds: items.filter((i) => i.state === "Ready" || i.state === "Existing").map((i) => i.mediaId),
      productIds: products.value.split(/[\s,，]+/).filter(Boolean),
      sponsored: sponsored.checked,
      partnerBrandId: partner.value.trim() || null,
      visibility: visibility.value,
    };
    submit.disabled = true;
    try {
      const saved = editing
        ? (await request("PATCH", `/api/notes/${enc(editing)}`, { body: payload, ifMatch: etag })).data
        : handoff
          ? await post(`/api/me/drafts/${enc(handoff)}/publish`, { title: payload.title, body: payload.body, topics: payload.topics, mediaIds: payload.mediaIds, visibility: payload.visibility })
          : await post("/api/notes", payload);
      sessionStorage.removeItem(DRAFT_KEY);
      toast(saved.status === "Held" ? t("compose.held") : editing ? t("compose.saved") : t("compose.published"));
      go(`/notes/${enc(saved.id)}`);
    } catch (error) {
      if (error.status === 412) error.message = t("compose.conflict");
      showFormError(form, error);
      submit.disabled = false;
    }
  } } },
  h("div", { class: "form-error" }),
  h("div", { class: "field" },
    h("label", { for: "images" }, t("compose.images")),
    h("span", { class: "hint", id: "images-hint" }, t("compose.imagesHint", { max: MAX_IMAGES })),
    files, uploads),
  h("div", { class: "field" }, h("label", { for: "title" }, t("compose.title")), Object.assign(title, { id: "title" }), titleCount),
  field(t("compose.body"), Object.assign(body, { id: "body" }), t("compose.bodyHint")),
  mentionAutocomplete(body),
  field(t("compose.topics"), Object.assign(topics, { id: "topics" }), t("compose.topicsHint")),
  field(t("compose.products"), Object.assign(products, { id: "products" }), t("compose.productsHint")),
  h("fieldset", {}, h("legend", {}, t("compose.disclosure")),
    h("div", { class: "checks" }, h("label", {}, sponsored, t("compose.sponsored"))),
    field(t("compose.partner"), Object.assign(partner, { id: "partner" }), t("compose.partnerHint"))),
  field(t("compose.visibility"), Object.assign(visibility, { id: "visibility" })),
  h("div", { class: "button-row" }, submit, waiting,
    editing ? h("a", { class: "button secondary", href: `#/notes/${enc(editing)}` }, t("common.cancel")) : null));
  if (handoff) {
    // What the draft carries is fixed: the products it tags and the brand it is sponsored by.
    for (const control of [products, sponsored, partner]) control.disabled = true;
    form.prepend(h("p", { class: "notice", dataset: { handoff } }, t("compose.fromHandoff", { brand: note.partnerBrandId }),
      note.aiAssisted ? h("span", { class: "tag info" }, t("note.aiAssisted")) : null));
  }
  files.setAttribute("aria-describedby", "images-hint");
  updateSubmit();

  const heading = editing ? t("compose.editTitle") : t("compose.newTitle");
  return { title: heading, node: h("section", {}, h("h1", {}, heading), form) };
}

function existingItem(mediaId, list, items, changed) {
  const item = { mediaId, state: "Existing" };
  item.element = h("li", { class: "upload", dataset: { state: "Ready" } },
    h("div", { class: "preview" }, h("img", { src: renditionUrl(mediaId, "thumbnail.webp"), alt: "" })),
    h("span", { class: "state" }, t("upload.Ready")),
    removeButton(item, items, changed));
  list.append(item.element);
  return item;
}

function uploadItem(file, list, items, changed) {
  const item = { mediaId: null, state: "Uploading" };
  const state = h("span", { class: "state" }, t("upload.Uploading"));
  const preview = h("div", { class: "preview" });
  const progress = h("progress", { max: "100", value: "0", "aria-label": t("upload.progress", { name: file.name }) });
  item.element = h("li", { class: "upload", dataset: { state: "Uploading" } }, preview, h("span", { class: "muted" }, file.name), progress, state,
    removeButton(item, items, changed));
  list.append(item.element);
  const set = (next, text) => {
    item.state = next;
    item.element.dataset.state = next;
    state.textContent = text ?? t(`upload.${next}`);
    changed();
  };

  (async () => {
    try {
      if (await isHeif(file)) {
        progress.remove();
        set("Rejected", t("upload.heic"));
        return;
      }
      const slot = await post("/api/media", { contentType: file.type || "application/octet-stream", size: file.size });
      item.mediaId = slot.mediaId;
      await putFile(slot, file, (p) => { progress.value = p; });
      progress.remove();
      set("Processing");
      // Processing runs on its own (a blob trigger); follow it until it says ready or rejected.
      // A video takes longer (poster and renditions): up to VideoProcessingTimeout, 10 minutes by default.
      for (let attempt = 0; attempt < 330; attempt++) {
        const media = await get(`/api/media/${enc(slot.mediaId)}`);
        if (media.status === "Ready") {
          const thumb = media.renditions.find((r) => r.name === "thumbnail.webp")?.url;
          replace(preview, thumb ? h("img", { src: thumb, alt: "" }) : h("span", {}, media.kind));
          set("Ready", t("upload.ReadySize", { w: media.width ?? "?", h: media.height ?? "?" }));
          return;
        }
        if (media.status === "Rejected") {
          set("Rejected", t("upload.RejectedWhy", { why: media.rejection?.message ?? "" }));
          return;
        }
        await sleep(attempt < 20 ? 500 : 2000);
      }
      set("Failed", t("upload.timeout"));
    } catch (error) {
      progress.remove();
      set("Failed", error.message);
    }
  })();
  return item;
}

// HEIC/HEIF brands, as the server sniffs them (MediaFormat.IsHeif): such photos are refused with media.heic_unsupported.
const HEIF_BRANDS = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"];

/**
 * Whether the file is a HEIC/HEIF photo (by its type, name or first bytes): the server refuses those, so say so before
 * uploading. Leaving image/heic out of the picker's accept list also makes iOS convert such photos to JPEG itself.
 */
async function isHeif(file) {
  if (/^image\/hei[cf](-sequence)?$/i.test(file.type) || /\.hei[cf]$/i.test(file.name)) return true;
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  const text = String.fromCharCode(...head);
  return text.slice(4, 8) === "ftyp" && HEIF_BRANDS.includes(text.slice(8, 12));
}

/** PUT the bytes to the slot's URL with its required headers; XHR, because fetch cannot report upload progress. */
function putFile(slot, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(slot.method ?? "PUT", slot.uploadUrl);
    for (const [name, value] of Object.entries(slot.requiredHeaders ?? {})) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener("progress", (e) => { if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100)); });
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else {
        let detail = `HTTP ${xhr.status}`;
        try { detail = JSON.parse(xhr.responseText).detail ?? detail; } catch { /* not JSON */ }
        reject(new Error(detail));
      }
    });
    xhr.addEventListener("error", () => reject(new Error(t("upload.network"))));
    xhr.send(file);
  });
}

function removeButton(item, items, changed) {
  return h("button", { type: "button", class: "link", on: { click: () => {
    items.splice(items.indexOf(item), 1);
    item.element.remove();
    item.state = "Removed";
    changed();
  } } }, t("upload.remove"));
}
