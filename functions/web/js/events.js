// Reader events (POST /api/events, shared/README.md "Discovery feed"): impressions, views with dwell time, shares and
// product clicks, batched. Flushed every few seconds and when the page is hidden: with fetch (keepalive, carrying the
// token) when signed in, with navigator.sendBeacon when anonymous (a beacon cannot carry headers).
import { apiBase, session } from "./api.js";

const DEVICE_KEY = "platform.device";
const FLUSH_MS = 5000;
const MAX_BATCH = 50;
const IMPRESSION_MS = 1000;

const queue = [];

/** A random first-party id for this browser, made once: anonymous readers are counted by it, nothing else. */
export function deviceId() {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id || !/^[A-Za-z0-9_-]{16,64}$/.test(id)) {
    const bytes = crypto.getRandomValues(new Uint8Array(18));
    id = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

/** Queues one event: { kind, noteId, dwellMs?, productId?, channel?, progress? }. */
export function track(event) {
  if (!event?.noteId) return;
  queue.push({ ...event, at: new Date().toISOString() });
  if (queue.length >= MAX_BATCH) flush();
}

/** Sends what is queued, in batches of at most MAX_BATCH. */
export function flush({ hiding = false } = {}) {
  while (queue.length) {
    const body = JSON.stringify({ deviceId: deviceId(), events: queue.splice(0, MAX_BATCH) });
    const token = session.token;
    if (hiding && !token && navigator.sendBeacon?.(`${apiBase}/api/events`, new Blob([body], { type: "application/json" }))) continue;
    const headers = { "content-type": "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    fetch(`${apiBase}/api/events`, { method: "POST", headers, body, keepalive: true }).catch(() => {});
  }
}

// Cards count as seen when at least half of them is on screen for a second, once per card.
const timers = new WeakMap();
const observer = "IntersectionObserver" in window ? new IntersectionObserver((entries) => {
  for (const entry of entries) {
    const card = entry.target;
    if (entry.isIntersecting && entry.intersectionRatio >= 0.5) {
      if (!timers.has(card)) {
        timers.set(card, setTimeout(() => {
          observer.unobserve(card);
          track({ kind: "impression", noteId: card.dataset.noteId });
        }, IMPRESSION_MS));
      }
    } else if (timers.has(card)) {
      clearTimeout(timers.get(card));
      timers.delete(card);
    }
  }
}, { threshold: [0, 0.5, 1] }) : null;

/** Reports an impression of a note card once it has been at least half visible for a second. */
export function observeImpression(card, noteId) {
  if (!observer || !noteId) return;
  card.dataset.noteId = noteId;
  observer.observe(card);
}

// The note being read: its view (with dwell time) is recorded when the reader leaves it or hides the page.
let reading = null;

/** Starts timing a note page; the view is recorded on the next navigation or when the page is hidden. */
export function startView(noteId) {
  endView();
  reading = { noteId, since: performance.now(), path: location.hash };
}

function endView() {
  if (!reading) return;
  track({ kind: "view", noteId: reading.noteId, dwellMs: Math.round(performance.now() - reading.since) });
  reading = null;
}

window.addEventListener("route-rendered", () => { if (reading && location.hash !== reading.path) endView(); });
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") {
    const noteId = reading?.noteId;
    endView();
    flush({ hiding: true });
    if (noteId) reading = { noteId, since: performance.now(), path: location.hash }; // reading again when back
  }
});
window.addEventListener("pagehide", () => { endView(); flush({ hiding: true }); });
setInterval(flush, FLUSH_MS);

/**
 * Reports how far a note's video was played (videoProgress, 0..1): once per quarter reached (and at the end), with the
 * furthest point, so the feed learns which videos are watched through without an event per second.
 */
export function observeVideoProgress(video, noteId) {
  if (!noteId) return;
  let reported = 0;
  const report = () => {
    if (!video.duration || !isFinite(video.duration)) return;
    const progress = Math.min(1, video.currentTime / video.duration);
    const step = video.ended ? 1 : Math.floor(progress * 4) / 4;
    if (step <= reported) return;
    reported = step;
    track({ kind: "videoProgress", noteId, progress: Math.round(progress * 100) / 100 });
  };
  video.addEventListener("timeupdate", report);
  video.addEventListener("ended", report);
}
