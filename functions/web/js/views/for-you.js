// "For you": the personal feed (GET /api/feed), each card saying why it is there, with a menu to say "not interested".
import { h, toast } from "../dom.js";
import { t } from "../i18n.js";
import { get, post, query, session, enc } from "../api.js";
import { noteCard } from "../components.js";
import { go } from "../router.js";

const PAGE = 20;

export async function forYou() {
  const fetch = (continuation) => get(`/api/feed${query({ pageSize: PAGE, continuation })}`);
  const first = await fetch();
  const list = h("ul", { class: "grid", "aria-label": t("feed.forYou") });
  first.items.forEach((item) => list.append(feedCard(item)));
  if (!first.items.length) return h("p", { class: "notice" }, t("feed.empty"));

  const holder = h("div", { class: "more" });
  let continuation = first.continuation;
  const button = h("button", { class: "secondary", type: "button", on: { click: async () => {
    button.disabled = true;
    try {
      const page = await fetch(continuation);
      page.items.forEach((item) => list.append(feedCard(item)));
      continuation = page.continuation;
      if (!continuation) holder.remove();
    } catch (error) {
      toast(error.message);
    } finally {
      button.disabled = false;
    }
  } } }, t("feed.more"));
  if (continuation) holder.append(button);
  return h("div", {}, list, holder);
}

/** A note card with its "why" line and a menu: why, not interested in the note, its topic, its creator. */
function feedCard({ note, why }) {
  const card = noteCard(note);
  card.classList.add("feed-card");
  const reason = whyText(why);
  card.append(h("p", { class: "why muted" }, reason));
  const topic = why.topic ?? note.topics[0];
  const menu = h("details", { class: "card-menu" },
    h("summary", { "aria-label": t("feed.menu") }, "⋯"),
    h("div", { class: "menu" },
      h("button", { type: "button", on: { click: () => { toast(t("feed.whyIs", { why: reason })); menu.open = false; } } }, t("feed.why")),
      h("button", { type: "button", on: { click: () => notInterested(card, { noteId: note.id }) } }, t("feed.notInterested")),
      topic ? h("button", { type: "button", on: { click: () => notInterested(card, { topic }) } }, t("feed.notInterestedTopic", { topic })) : null,
      h("button", { type: "button", on: { click: () => notInterested(card, { creatorId: note.authorId }) } }, t("feed.notInterestedCreator"))));
  card.append(menu);
  return card;
}

/** The "why" in the reader's language, by its reason code (the API's English text when the code is unknown). */
function whyText(why) {
  if (why.reason === "NewNote" && !why.topic) return t("why.New");
  return REASONS.includes(why.reason) ? t(`why.${why.reason}`, { topic: why.topic ?? "" }) : why.text;
}

const REASONS = ["LikedTopic", "ReadTopic", "FollowedCreator", "FamiliarCreator", "SimilarReaders", "NewCreator", "NewNote", "PopularInTopic", "Popular"];

async function notInterested(card, body) {
  if (!session.user) { go(`/signin?next=${enc(location.hash.slice(1) || "/")}`); return; }
  try {
    await post("/api/feed/not-interested", body);
    card.remove();
    toast(t("feed.notInterestedDone"));
  } catch (error) {
    toast(error.message);
  }
}
