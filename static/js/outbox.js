// What the tablet keeps for the signed-in person until the server has it: queued checklist
// submissions and photos, in IndexedDB (idb-keyval), each under its user and checklist.
//
// An entry leaves the outbox only when the server answers JSON that names it. A 401 (logged
// out, or someone else logged in) keeps everything and asks to log in again; 5xx and network
// errors are retried with a growing delay. Nothing of one user is ever sent, shown or cleared
// under another one's login. Logging out with nothing waiting clears this user's storage and
// cached pages; with something waiting, it warns and keeps it for this user.
(() => {
  "use strict";

  const body = document.body;
  const config = JSON.parse(body.dataset.outbox || "{}");
  const user = (document.querySelector('meta[name="user-id"]') || {}).content || "";
  const RETRY_FIRST_MS = 1000;
  const RETRY_MAX_MS = 60000;
  const DRAFT_PREFIX = "checklist:";

  const swScope = config.sw_scope;
  const tellWorker = async (message) => {
    if (!("serviceWorker" in navigator)) {
      return null;
    }
    const registration = await navigator.serviceWorker.getRegistration(swScope).catch(() => null);
    const worker = registration && (registration.active || registration.waiting || registration.installing);
    if (!worker) {
      return null;
    }
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      const timer = window.setTimeout(() => resolve(null), 15000);
      channel.port1.onmessage = (event) => {
        window.clearTimeout(timer);
        resolve(event.data);
      };
      worker.postMessage(message, [channel.port2]);
    });
  };
  // The service worker serves kept pages only to the user they were made for.
  tellWorker({ type: "user", user });

  if (!window.idbKeyval || !window.indexedDB) {
    window.ChecklistOutbox = null;
    return;
  }
  const { createStore, get, set, del, entries, delMany } = window.idbKeyval;
  const store = createStore("checklist-outbox", "entries");

  // Keys: submit:<user>:<inspection>  photo:<user>:<inspection>:<id>
  const submitKey = (inspection) => `submit:${user}:${inspection}`;
  const mine = (key) => key.split(":")[1] === user;
  const all = async () => (user ? (await entries(store)).filter(([key]) => mine(key)) : []);

  const events = new EventTarget();
  const emit = (type, detail) => events.dispatchEvent(new CustomEvent(type, { detail }));
  // The other tabs of this browser hear what one tab sent (a checklist open there moves on).
  const tabs = window.BroadcastChannel ? new BroadcastChannel("checklist-outbox") : null;
  const tell = (type, detail) => {
    emit(type, detail);
    if (tabs) {
      tabs.postMessage({ type, user, detail: { entry: Object.assign({}, detail.entry, { blob: undefined }), data: detail.data } });
    }
  };
  if (tabs) {
    tabs.onmessage = (event) => {
      if (event.data && event.data.user === user) {
        emit(event.data.type, event.data.detail);
        emit("change");
      }
    };
  }

  let session = null;
  let loginNeeded = false;

  // Who the server says is logged in, and a fresh CSRF token. null: no connection.
  async function askSession() {
    let response;
    try {
      response = await fetch(config.session_url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    } catch (error) {
      return null;
    }
    const data = await response.json().catch(() => null);
    if (response.ok && data && String(data.user) === user) {
      session = data;
      loginNeeded = false;
    } else if (response.status === 401 || (data && String(data.user) !== user)) {
      session = null;
      loginNeeded = true;
    } else {
      return null;
    }
    emit("change");
    return session;
  }

  // A request on behalf of this page's user. Returns { status, data } (status 0: no connection).
  async function send(url, options = {}) {
    const token = (session && session.csrf_token) || document.querySelector('meta[name="csrf-token"]').content;
    const headers = Object.assign({ Accept: "application/json", "X-CSRFToken": token, "X-User-Id": user }, options.headers || {});
    let response;
    try {
      const { again, ...init } = options;
      response = await fetch(url, Object.assign({ method: "POST", credentials: "same-origin", redirect: "error" }, init, { headers }));
    } catch (error) {
      return { status: 0, data: null };
    }
    const json = (response.headers.get("Content-Type") || "").includes("application/json");
    const data = json ? await response.json().catch(() => null) : null;
    if (response.status === 401) {
      loginNeeded = true;
      session = null;
      emit("change");
    } else if (response.status === 400 && data && data.error === "csrf" && !options.again) {
      // The page's token is older than the session (it ended and began again): a fresh one.
      if (await askSession()) {
        return send(url, Object.assign({}, options, { again: true }));
      }
    }
    return { status: response.status, data };
  }
  const sendJSON = (url, payload) =>
    send(url, { headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });

  // --- answers: what changed on the server since the copy an entry started from ------------
  const plain = (answer) => ({
    choice: answer && answer.choice ? answer.choice : null,
    number: answer && answer.number !== null && answer.number !== undefined && answer.number !== "" ? String(answer.number) : null,
    note: (answer && answer.note) || "",
  });
  const same = (a, b) => {
    const x = plain(a);
    const y = plain(b);
    const number = (v) => (v === null ? null : Number(v));
    return x.choice === y.choice && number(x.number) === number(y.number) && x.note === y.note;
  };
  // Item by item: an item only one side changed takes that side; both changed it differently
  // is a real conflict, for the person to decide.
  function merge(base, ours, theirs) {
    const answers = Object.assign({}, ours);
    const conflicts = [];
    Object.entries(theirs || {}).forEach(([id, stored]) => {
      const changedHere = !same(ours[id], base[id]);
      const changedThere = !same(stored, base[id]);
      if (!changedThere || same(stored, ours[id])) {
        return;
      }
      if (changedHere) {
        conflicts.push(id);
      } else {
        answers[id] = plain(stored);
      }
    });
    return { answers, conflicts };
  }

  // --- the queue -----------------------------------------------------------------------------
  async function queueSubmission(entry) {
    await set(submitKey(entry.inspection), Object.assign({ user, queued: Date.now() }, entry), store);
    emit("change");
  }
  async function queuePhoto(entry) {
    const id = `${Date.now()}-${Math.random().toString(16).slice(2)}`;
    await set(`photo:${user}:${entry.inspection}:${id}`, Object.assign({ user, id }, entry), store);
    emit("change");
  }
  const submissionFor = (inspection) => get(submitKey(inspection), store);
  async function photosFor(inspection) {
    return (await all()).filter(([key]) => key.startsWith(`photo:${user}:${inspection}:`)).map(([key, value]) => Object.assign({ key }, value));
  }
  async function waitingCount() {
    return (await all()).filter(([, value]) => !value.refused).length;
  }

  // The checklist is started on the server before anything of it can be stored there.
  async function started(inspection, entry) {
    if (entry.response) {
      return entry;
    }
    const result = await send(entry.start_url);
    if (!result.data || result.status !== 200) {
      return result;
    }
    emit("started", { inspection, data: result.data });
    return Object.assign(entry, { response: result.data.response, submit_url: result.data.submit_url });
  }

  async function sendPhoto(entry) {
    const form = new FormData();
    form.append("photo", entry.blob, entry.name);
    const url = config_photo_url(entry);
    const result = await send(url, { body: form });
    if (result.status === 200 && result.data && String(result.data.item) === String(entry.item)) {
      await del(entry.key, store);
      tell("photo-sent", { entry, data: result.data });
      return "sent";
    }
    if (result.status === 422 && result.data) {
      // A file the server will never take (not an image): its message is shown, the copy dropped.
      await del(entry.key, store);
      emit("photo-refused", { entry, data: result.data });
      return "refused";
    }
    return "waiting";
  }
  const config_photo_url = (entry) => entry.photo_url.replace("{response}", entry.response).replace("{item}", entry.item);

  async function sendSubmission(key, entry) {
    const result = await sendJSON(entry.submit_url, entry.body);
    const data = result.data;
    if (result.status === 200 && data && data.client_id === entry.body.client_id) {
      await del(key, store);
      window.localStorage.removeItem(`${DRAFT_PREFIX}${user}:${entry.inspection}`);
      tell("sent", { entry, data });
      return "sent";
    }
    if (result.status === 409 && data && data.error === "stale") {
      const merged = merge(entry.base || {}, entry.body.answers, data.answers);
      if (!merged.conflicts.length) {
        entry.body = Object.assign({}, entry.body, { version: data.version, answers: merged.answers });
        entry.base = Object.fromEntries(Object.entries(data.answers).map(([id, answer]) => [id, plain(answer)]));
        await set(key, entry, store);
        return "again";
      }
      entry.refused = "stale";
      await set(key, entry, store);
      emit("stale", { entry, data, conflicts: merged.conflicts });
      return "refused";
    }
    if (result.status >= 400 && result.status < 500 && result.status !== 401 && data && data.error !== "csrf") {
      // Kept, not retried by itself: the checklist's page shows why and the person submits again.
      entry.refused = data.message || String(result.status);
      await set(key, entry, store);
      emit("refused", { entry, data, named: data.client_id === entry.body.client_id });
      return "refused";
    }
    return "waiting";
  }

  let flushing = null;
  let retryTimer = null;
  let retryDelay = RETRY_FIRST_MS;

  function retryLater() {
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(flush, retryDelay);
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
  }

  async function flushOnce() {
    const queued = await all();
    if (!queued.length) {
      return "done";
    }
    if (!(await askSession())) {
      return loginNeeded ? "login" : "waiting";
    }
    const inspections = [...new Set(queued.map(([key]) => key.split(":")[2]))];
    let outcome = "done";
    for (const inspection of inspections) {
      const submission = await submissionFor(inspection);
      const photos = await photosFor(inspection);
      let response = (submission && submission.response) || (photos.find((p) => p.response) || {}).response;
      if (!response && (submission || photos.length)) {
        const first = submission || photos[0];
        const result = await started(inspection, Object.assign({}, first));
        if (!result.response) {
          outcome = result.status === 0 || result.status >= 500 ? "waiting" : loginNeeded ? "login" : outcome;
          continue;
        }
        response = result.response;
        if (submission) {
          submission.response = response;
          submission.submit_url = result.submit_url;
          await set(submitKey(inspection), submission, store);
        }
      }
      let photosWaiting = false;
      for (const photo of photos) {
        photo.response = response;
        if ((await sendPhoto(photo)) === "waiting") {
          photosWaiting = true;
        }
      }
      if (photosWaiting) {
        outcome = loginNeeded ? "login" : "waiting";
        continue;
      }
      if (submission && !submission.refused) {
        let result = await sendSubmission(submitKey(inspection), submission);
        if (result === "again") {
          result = await sendSubmission(submitKey(inspection), submission);
        }
        if (result === "waiting" || result === "again") {
          outcome = loginNeeded ? "login" : "waiting";
        }
      }
    }
    return outcome;
  }

  function flush() {
    if (!user) {
      return Promise.resolve("done");
    }
    if (flushing) {
      return flushing;
    }
    window.clearTimeout(retryTimer);
    flushing = flushOnce()
      .then((outcome) => {
        if (outcome === "waiting") {
          retryLater();
        } else if (outcome === "done") {
          retryDelay = RETRY_FIRST_MS;
        }
        return outcome;
      })
      .catch(() => {
        retryLater();
        return "waiting";
      })
      .finally(() => {
        flushing = null;
        emit("change");
      });
    return flushing;
  }

  async function dropSubmission(inspection) {
    await del(submitKey(inspection), store);
    emit("change");
  }

  // --- logging out on a shared tablet --------------------------------------------------------
  function unsavedDrafts() {
    let count = 0;
    for (let i = 0; i < window.localStorage.length; i += 1) {
      const key = window.localStorage.key(i);
      if (key.startsWith(`${DRAFT_PREFIX}${user}:`)) {
        try {
          count += Object.keys(JSON.parse(window.localStorage.getItem(key)).dirty || {}).length;
        } catch (error) {
          count += 1;
        }
      }
    }
    return count;
  }

  async function forgetUser() {
    const keys = [];
    for (let i = 0; i < window.localStorage.length; i += 1) {
      const key = window.localStorage.key(i);
      if (key.startsWith(`${DRAFT_PREFIX}${user}:`)) {
        keys.push(key);
      }
    }
    keys.forEach((key) => window.localStorage.removeItem(key));
    await delMany((await all()).map(([key]) => key), store);
    await tellWorker({ type: "forget", user });
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.matches("form[data-logout]") || form.dataset.checked) {
      return;
    }
    event.preventDefault();
    const waiting = (await all()).length + unsavedDrafts();
    if (waiting) {
      if (!window.confirm(config.logout_waiting.replace("{n}", waiting))) {
        return;
      }
      await tellWorker({ type: "user", user: "" });
    } else {
      await forgetUser().catch(() => {});
    }
    form.dataset.checked = "1";
    form.submit();
  });

  window.ChecklistOutbox = {
    user,
    messages: config,
    on: (type, handler) => events.addEventListener(type, (event) => handler(event.detail)),
    send,
    sendJSON,
    plain,
    same,
    merge,
    queueSubmission,
    queuePhoto,
    submissionFor,
    photosFor,
    dropSubmission,
    waitingCount,
    loginNeeded: () => loginNeeded,
    askSession,
    flush,
    tellWorker,
    draftKey: (inspection) => `${DRAFT_PREFIX}${user}:${inspection}`,
  };

  window.addEventListener("online", () => {
    retryDelay = RETRY_FIRST_MS;
    flush();
  });
  if (user) {
    flush();
  }
})();
