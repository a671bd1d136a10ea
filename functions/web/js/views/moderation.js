// The moderators' queue: held, reported and appealed notes and comments, oldest first, each with the rule and words that
// triggered it; an account's standing (strikes, restriction, lift); and the audit log of decisions.
import { h, append, replace, toast, marked } from "../dom.js";
import { t } from "../i18n.js";
import { get, post, query, enc } from "../api.js";
import { needSignIn, dateTime } from "../components.js";

export async function moderation() {
  const gate = needSignIn("moderator");
  if (gate) return gate;
  const [page, log] = await Promise.all([
    get(`/api/moderation/cases${query({ pageSize: 50 })}`),
    get(`/api/moderation/audit${query({ pageSize: 20 })}`),
  ]);
  const list = h("ul", { class: "cases", "aria-label": t("mod.queue") }, page.items.map(caseItem));
  return {
    title: t("mod.title"),
    node: h("section", {}, h("h1", {}, t("mod.title")),
      h("p", { class: "muted", role: "status" }, t("mod.count", { n: page.items.length })),
      page.items.length ? list : h("p", { class: "notice" }, t("mod.empty")),
      standingTool(),
      auditLog(log.items)),
  };
}

function standingTool() {
  const userId = h("input", { type: "text", id: "standing-user", name: "userId", autocomplete: "off", required: true });
  const result = h("div", { role: "status" });
  const show = (s) => replace(result, h("p", { class: s.restricted ? "notice" : "muted" },
    s.restricted ? t("mod.restrictedUntil", { until: dateTime(s.until), reason: s.reason ?? "" }) : t("mod.notRestricted"),
    " ", t("mod.strikes", { n: s.recentStrikes, of: s.strikeThreshold }),
    s.restricted ? h("button", { type: "button", class: "secondary", on: { click: lift } }, t("mod.lift")) : null));
  const check = async (event) => {
    event.preventDefault();
    try { show(await get(`/api/moderation/users/${enc(userId.value.trim())}/standing`)); } catch (error) { toast(error.message); }
  };
  const lift = async () => {
    try {
      show(await post(`/api/moderation/users/${enc(userId.value.trim())}/restriction/lift`, { reason: null }));
      toast(t("mod.lifted"));
    } catch (error) { toast(error.message); }
  };
  return h("section", { "aria-labelledby": "standing-title" }, h("h2", { id: "standing-title" }, t("mod.standing")),
    h("form", { on: { submit: check } },
      h("div", { class: "field" }, h("label", { for: userId.id }, t("mod.userId")), userId),
      h("button", { type: "submit" }, t("mod.check"))),
    result);
}

function auditLog(entries) {
  return h("section", { "aria-labelledby": "audit-title" }, h("h2", { id: "audit-title" }, t("mod.audit")),
    entries.length ? h("ul", { class: "audit" }, entries.map((e) => h("li", {},
      dateTime(e.at), " · ", h("strong", {}, t(`mod.action.${e.action}`)), " · ", e.moderatorId, " · ",
      e.verdict ? t(`mod.${e.verdict}`) : "", " · ", e.subjectUserId,
      e.caseId ? [" · ", e.caseId] : null,
      e.rules?.length ? [" · ", e.rules.join(", ")] : null,
      e.reason ? [" — ", e.reason] : null))) : h("p", { class: "muted" }, t("mod.auditEmpty")));
}

function caseItem({ case: c, content }) {
  const headingId = `case-${c.id}`;
  const reason = h("input", { type: "text", id: `reason-${c.id}`, name: "reason", maxlength: "500", autocomplete: "off" });
  const item = h("li", { class: "panel", "aria-labelledby": headingId });
  const decide = async (verdict) => {
    item.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    try {
      await post(`/api/moderation/cases/${enc(c.id)}/decision`, { verdict, reason: reason.value || null });
      toast(t(`mod.${verdict}`));
      item.remove();
    } catch (error) {
      toast(error.message);
      item.querySelectorAll("button").forEach((b) => { b.disabled = false; });
    }
  };
  const findingsIn = (field) => (content?.moderation?.findings ?? c.findings ?? []).filter((f) => f.field === field).map((f) => [f.start, f.length]);
  const text = content?.text ?? "";
  append(item, [
    h("h2", { id: headingId }, content?.title ? marked(content.title, findingsIn("title")) : t(`mod.kind.${c.kind}`)),
    h("p", { class: "muted" },
      t(`mod.kind.${c.kind}`), " · ", h("a", { href: `#/notes/${enc(c.noteId)}` }, t("mod.openNote")), " · ",
      t("mod.author"), " ", h("a", { href: `#/users/${enc(c.authorId)}` }, c.authorId), " · ", dateTime(c.openedAt)),
    h("div", { class: "labels" },
      c.heldFor ? h("span", { class: "tag warn" }, t(`mod.heldFor.${c.heldFor}`)) : null,
      c.openReports ? h("span", { class: "tag bad" }, t("mod.reports", { n: c.openReports })) : null,
      c.appeal && !c.appeal.decision ? h("span", { class: "tag warn" }, t("mod.appealTag")) : null,
      ...Object.entries(c.reportReasons ?? {}).map(([r, n]) => h("span", { class: "tag" }, `${r} × ${n}`))),
    h("p", { class: "note-body" }, marked(text, findingsIn("body"))),
    (c.findings?.length ? h("ul", {}, c.findings.map((f) => h("li", {},
      h("span", { class: `tag ${f.outcome === "Reject" ? "bad" : "warn"}` }, f.ruleId), " ", h("mark", {}, f.matched), " — ", f.explanation))) : null),
    c.appeal && !c.appeal.decision ? h("p", { class: "notice" }, t("mod.appeal", {
      reason: c.appeal.reason, verdict: t(`mod.${c.appeal.original.verdict}`), by: c.appeal.original.moderatorId ?? "", original: c.appeal.original.reason ?? "" })) : null,
    c.lastDecision ? h("p", { class: "muted" }, t("mod.last", { verdict: c.lastDecision.verdict, by: c.lastDecision.moderatorId, reason: c.lastDecision.reason ?? "" })) : null,
    h("div", { class: "field" }, h("label", { for: reason.id }, t("mod.reason")), reason),
    h("div", { class: "button-row" },
      h("button", { type: "button", on: { click: () => decide("Approved") } }, t("mod.approve")),
      h("button", { type: "button", class: "secondary", on: { click: () => decide("Rejected") } }, t("mod.reject")))]);
  return item;
}
