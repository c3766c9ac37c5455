// Keeps the checklist pages and their assets available without a connection.
//
// Pages are kept per user (the server names a page's user in X-User-Id) and served only to the
// user the tablet's pages say is signed in: a teammate on the same tablet never gets another
// person's checklists. Network first, with a timeout, then the kept copy. Writes (POST) are
// never intercepted: the pages' outbox sends them. A new VERSION drops the caches of the old one.
const VERSION = "2";
const PREFIX = "checklists-";
const CURRENT = `${PREFIX}v${VERSION}-`;
const STATIC_CACHE = `${CURRENT}static`;
const META_CACHE = `${CURRENT}meta`;
const USER_KEY = "/__checklists_user__";
const NETWORK_TIMEOUT_MS = 4000;
const PAGE = /^\/checklists\/(mine|inspections\/\d+|photos\/\d+)$/;
const ASSET = /^\/(static|bootstrap\/static)\//;

const userCache = (user) => `${CURRENT}user-${user}`;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) =>
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("checklists-") && !name.startsWith(CURRENT)).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  ),
);

async function currentUser() {
  const stored = await (await caches.open(META_CACHE)).match(USER_KEY);
  return stored ? stored.text() : "";
}

async function setCurrentUser(user) {
  await (await caches.open(META_CACHE)).put(USER_KEY, new Response(user || ""));
}

// Keeps a successful response: a page in its user's cache, an asset in the shared one.
async function keep(url, response) {
  const path = new URL(url).pathname;
  if (!response.ok || response.redirected || response.type === "opaqueredirect") {
    return false;
  }
  if (ASSET.test(path)) {
    await (await caches.open(STATIC_CACHE)).put(url, response);
    return true;
  }
  // Photos carry no user of their own: they belong to the user who is signed in.
  const owner = response.headers.get("X-User-Id") || (path.startsWith("/checklists/photos/") ? await currentUser() : "");
  if (!owner || !PAGE.test(path)) {
    return false;
  }
  await (await caches.open(userCache(owner))).put(url, response);
  return true;
}

async function kept(url) {
  const path = new URL(url).pathname;
  if (ASSET.test(path)) {
    return (await caches.open(STATIC_CACHE)).match(url, { ignoreVary: true });
  }
  const user = await currentUser();
  return user ? (await caches.open(userCache(user))).match(url, { ignoreVary: true }) : undefined;
}

function offlinePage() {
  const html =
    '<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    "<title>Không có kết nối</title><body style=\"font-family:sans-serif;padding:2rem\"><h1>Không có kết nối</h1>" +
    "<p>Trang này chưa được lưu trên thiết bị cho người đang đăng nhập. / This page is not kept on this device for the signed-in person.</p></body></html>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function networkFirst(event) {
  const request = event.request;
  const network = fetch(request).then(async (response) => {
    if (request.mode === "navigate" && response.type !== "opaqueredirect") {
      const owner = response.headers.get("X-User-Id");
      if (owner) {
        await setCurrentUser(owner);
      }
    }
    await keep(request.url, response.clone());
    return response;
  });
  event.waitUntil(network.catch(() => null));
  const timeout = new Promise((resolve) => setTimeout(() => resolve("timeout"), NETWORK_TIMEOUT_MS));
  try {
    const first = await Promise.race([network, timeout]);
    if (first !== "timeout") {
      return first;
    }
  } catch (error) {
    // No connection: the kept copy below.
  }
  const copy = await kept(request.url);
  if (copy) {
    return copy;
  }
  return network.catch(() => (request.mode === "navigate" ? offlinePage() : Response.error()));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.search) {
    return;
  }
  if (ASSET.test(url.pathname) || PAGE.test(url.pathname)) {
    event.respondWith(networkFirst(event));
  }
});

// Messages from the pages: who is signed in, pages to download ahead, a user's pages to forget.
async function answer(message) {
  if (message.type === "user") {
    await setCurrentUser(message.user);
    return { ok: true };
  }
  if (message.type === "forget") {
    await caches.delete(userCache(message.user));
    if ((await currentUser()) === message.user) {
      await setCurrentUser("");
    }
    return { ok: true };
  }
  if (message.type === "keep") {
    const ready = {};
    await Promise.all(
      message.urls.map(async (url) => {
        try {
          ready[url] = await keep(url, await fetch(url, { credentials: "same-origin" }));
        } catch (error) {
          ready[url] = Boolean(await kept(url));
        }
      }),
    );
    return { ready };
  }
  return { ok: false };
}

self.addEventListener("message", (event) => {
  const port = event.ports && event.ports[0];
  event.waitUntil(answer(event.data || {}).then((result) => port && port.postMessage(result)));
});
