// How people sign in, as the API says (GET /api/auth/config): "entra" (Microsoft Entra External ID, authorization code
// with PKCE through MSAL.js), "dev" (the embedded host's /dev/token, local runs only) or "token" (paste an access token).
// With Entra, MSAL keeps its own cache (sessionStorage); the API token the client sends is refreshed silently before it expires.
import { apiBase, session, request, useTokenSource } from "./api.js";

const MSAL_SCRIPT = "vendor/msal/msal-browser.min.js"; // copied there by `npm ci` in functions/web-vendor (functions/README.md, Auth)
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

let configPromise;
let app = null;
let scopes = [];

/** The sign-in mode and, for Entra, the authority, the web client's id and the API scopes. */
export function authConfig() {
  configPromise ??= fetch(`${apiBase}/api/auth/config`, { headers: { accept: "application/json" } })
    .then((r) => (r.ok ? r.json() : { mode: "token" }))
    .catch(() => ({ mode: "token" }));
  return configPromise;
}

/** The address Entra sends the answer to: the client's own page (registered as a SPA redirect URI). */
export function redirectUri() {
  return new URL(".", location.href.split("#")[0]).href;
}

/**
 * Call once before the first page renders. With Entra: sets MSAL up, completes a sign-in coming back from the authority
 * and answers the route the person started from; otherwise null.
 */
export async function startAuth() {
  const config = await authConfig();
  if (config.mode !== "entra") return null;
  const msal = await loadMsal();
  app = new msal.PublicClientApplication({
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      knownAuthorities: [new URL(config.authority).host],
      redirectUri: redirectUri(),
      postLogoutRedirectUri: redirectUri(),
    },
    cache: { cacheLocation: "sessionStorage" },
  });
  await app.initialize();
  scopes = config.scopes ?? [];
  useTokenSource(freshToken);

  let result = null;
  try {
    result = await app.handleRedirectPromise({ navigateToLoginRequestUrl: false });
  } catch (error) {
    console.warn("Sign-in did not complete", error);
  }
  if (result?.account) app.setActiveAccount(result.account);
  else if (!app.getActiveAccount() && app.getAllAccounts().length === 1) app.setActiveAccount(app.getAllAccounts()[0]);

  if (result?.accessToken) await keep(result);
  else if (app.getActiveAccount() && !session.token) await freshToken();
  return result?.state || null;
}

/** Entra sign-in: to the authority's /authorize (code + PKCE S256), back to `next` afterwards. */
export async function signInWithEntra(next) {
  if (!app) throw new Error("Entra sign-in is not configured.");
  await app.loginRedirect({ scopes, state: next || "/", redirectStartPage: redirectUri() });
}

/** Signs out here and, with Entra, at the authority too. */
export async function signOut() {
  session.clear();
  if (app?.getActiveAccount()) {
    await app.logoutRedirect({ account: app.getActiveAccount(), postLogoutRedirectUri: redirectUri() });
  }
}

// The token for the next API call: the one held while it has a few minutes left, else a new one from MSAL (its cache or a
// silent refresh). Null when it needs the person again (then they sign in anew).
async function freshToken() {
  const current = session.current;
  if (current && current.expiresAt - Date.now() > REFRESH_MARGIN_MS) return current.token;
  const account = app.getActiveAccount();
  if (!account) return null;
  try {
    await keep(await app.acquireTokenSilent({ scopes, account }));
    return session.token;
  } catch (error) {
    console.warn("Silent token refresh failed", error);
    session.clear();
    return null;
  }
}

// The user shown is the API's view of the caller (platform roles and brands), not the token's app role names.
async function keep(result) {
  const token = result.accessToken;
  const { data: me } = await request("GET", "/api/auth/me", { auth: false, headers: { authorization: `Bearer ${token}` } });
  const seconds = result.expiresOn ? Math.max(60, (new Date(result.expiresOn).getTime() - Date.now()) / 1000) : 3600;
  session.save(token, seconds, { id: me.userId, name: me.displayName ?? result.account?.name ?? me.userId, roles: me.roles, brands: me.brandIds });
}

function loadMsal() {
  if (window.msal) return Promise.resolve(window.msal);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = MSAL_SCRIPT;
    script.onload = () => (window.msal ? resolve(window.msal) : reject(new Error("MSAL did not load.")));
    script.onerror = () => reject(new Error(`${MSAL_SCRIPT} is missing: run npm ci in functions/web-vendor.`));
    document.head.append(script);
  });
}
