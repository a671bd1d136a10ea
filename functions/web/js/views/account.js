// Sign-in (Entra, the embedded host's dev sign-in, or a pasted token: as the API says), profiles with their notes.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { get, query, enc, devSignIn, session, ApiError } from "../api.js";
import { authConfig, signInWithEntra, signOut } from "../auth.js";
import { noteGrid, pager, showFormError, dateTime } from "../components.js";
import { go } from "../router.js";
import { followButton } from "./note.js";

export async function signIn(ctx) {
  const next = ctx.query.get("next") || "/";
  const config = await authConfig();
  if (config.mode === "entra") return entraSignIn(next);
  const user = h("input", { name: "userId", id: "userId", type: "text", required: true, autocomplete: "username", pattern: "[A-Za-z0-9_\\-]{1,64}",
    value: session.user?.id ?? "" });
  const name = h("input", { name: "name", id: "displayName", type: "text", autocomplete: "nickname", value: session.user?.name ?? "" });
  const moderator = h("input", { type: "checkbox", name: "roles", value: "moderator", checked: session.hasRole("moderator") });
  const brand = h("input", { type: "checkbox", name: "roles", value: "brand", checked: session.hasRole("brand") });
  const brands = h("input", { name: "brandIds", id: "brandIds", type: "text", autocomplete: "off", value: (session.user?.brands ?? []).join(" ") });
  const form = h("form", { class: "stack", id: "dev-signin", on: { submit: async (e) => {
    e.preventDefault();
    try {
      const roles = [moderator, brand].filter((c) => c.checked).map((c) => c.value);
      const brandIds = brands.value.split(/[\s,，]+/).filter(Boolean);
      await devSignIn(user.value.trim(), name.value.trim() || null, roles, brandIds);
      go(next);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) error.message = t("auth.noDevSignIn");
      showFormError(form, error);
    }
  } } },
  h("div", { class: "form-error" }),
  h("div", { class: "field" }, h("label", { for: "userId" }, t("auth.userId")), user, h("span", { class: "hint" }, t("auth.userIdHint"))),
  h("div", { class: "field" }, h("label", { for: "displayName" }, t("auth.displayName")), name),
  h("fieldset", {}, h("legend", {}, t("auth.roles")),
    h("div", { class: "checks" }, h("label", {}, moderator, t("role.moderator")), h("label", {}, brand, t("role.brand")))),
  h("div", { class: "field" }, h("label", { for: "brandIds" }, t("auth.brandIds")), brands, h("span", { class: "hint" }, t("auth.brandIdsHint"))),
  h("div", { class: "button-row" }, h("button", { type: "submit" }, t("auth.signIn")),
    session.user ? h("button", { type: "button", class: "secondary", on: { click: async () => { await signOut(); go("/"); } } }, t("auth.signOut")) : null));
  // Where there is no dev sign-in (the Functions app), a token from the identity provider can be pasted instead.
  const token = h("textarea", { id: "access-token", name: "accessToken", rows: "3", required: true, autocomplete: "off", spellcheck: "false" });
  const tokenForm = h("form", { class: "stack", on: { submit: (e) => {
    e.preventDefault();
    const value = token.value.trim().replace(/^Bearer\s+/i, "");
    // Kept until the token's own expiry (at most a working day); the API validates it on every call.
    if (value.split(".").length === 3) session.save(value, 8 * 3600);
    if (!session.user?.id) {
      session.clear();
      showFormError(tokenForm, new Error(t("auth.badToken")));
      return;
    }
    go(next);
  } } },
  h("div", { class: "form-error" }),
  h("div", { class: "field" }, h("label", { for: "access-token" }, t("auth.token")), token, h("span", { class: "hint" }, t("auth.tokenHint"))),
  h("div", {}, h("button", { type: "submit", class: "secondary" }, t("auth.useToken"))));
  const tokenPanel = h("details", { class: "panel", open: config.mode === "token" }, h("summary", {}, t("auth.withToken")), tokenForm);
  return {
    title: t("auth.signIn"),
    node: config.mode === "dev"
      ? h("section", {}, h("h1", {}, t("auth.signIn")), h("p", { class: "muted" }, t("auth.devNote")), form, tokenPanel)
      : h("section", {}, h("h1", {}, t("auth.signIn")), tokenPanel),
  };
}

// Microsoft Entra External ID: the authority's own pages (sign-up included), then back here.
function entraSignIn(next) {
  const status = h("div", { class: "form-error", role: "alert" });
  const button = h("button", { type: "button", id: "entra-signin", on: { click: async () => {
    button.disabled = true;
    try {
      await signInWithEntra(next);
    } catch (error) {
      button.disabled = false;
      status.textContent = error?.message ?? String(error);
    }
  } } }, t("auth.withEntra"));
  return {
    title: t("auth.signIn"),
    node: h("section", { class: "stack" }, h("h1", {}, t("auth.signIn")), h("p", { class: "muted" }, t("auth.entraNote")), status,
      h("div", { class: "button-row" }, button,
        session.user ? h("button", { type: "button", class: "secondary", on: { click: () => signOut() } }, t("auth.signOut")) : null)),
  };
}

export async function profile(ctx) {
  const userId = ctx.params.userId;
  const [view, first] = await Promise.all([
    get(`/api/users/${enc(userId)}`).catch(() => null),
    get(`/api/users/${enc(userId)}/notes${query({ pageSize: 20 })}`),
  ]);
  const mine = session.user?.id === userId;
  const standing = mine ? await get("/api/me/standing").catch(() => null) : null;
  const name = view?.displayName || userId;
  const fetch = (continuation) => get(`/api/users/${enc(userId)}/notes${query({ pageSize: 20, continuation })}`);
  const list = noteGrid(first.items, { label: t("user.notes", { name }) });
  const counts = view?.counts;
  return {
    title: name,
    node: h("section", {},
      h("div", { class: "author" },
        h("span", { class: "avatar", "aria-hidden": "true" }, name.slice(0, 1).toUpperCase()),
        h("div", {}, h("h1", {}, name), h("p", { class: "muted" }, `@${userId}`)),
        !mine && view && session.user ? followButton(userId, view.followedByViewer === true) : null),
      view?.bio ? h("p", {}, view.bio) : null,
      standing?.restricted ? h("p", { class: "notice", role: "status" }, t("user.restricted", { until: dateTime(standing.until), reason: standing.reason ?? "" })) : null,
      counts ? h("p", { class: "muted" }, t("user.counts", counts)) : null,
      mine ? h("p", {}, h("a", { class: "button", href: "#/compose" }, t("nav.compose"))) : null,
      h("h2", {}, t("user.notesTitle")),
      first.items.length ? list : h("p", { class: "notice" }, t("user.noNotes")),
      pager(list, first, fetch)),
  };
}
