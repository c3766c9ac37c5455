// Filling a checklist on a tablet: nothing typed is lost, with or without a connection.
//
// Every change goes to localStorage at once (under the signed-in user and the checklist) and to
// the server as a draft shortly after. The page shows, item by item, the union of the server's
// draft and the changes the server has not acknowledged yet; only an item changed both here and
// elsewhere asks the person to choose. Submitting queues the submission in the outbox
// (outbox.js), which sends it when it can. "My inspections" downloads every upcoming checklist
// ahead, so that it opens without a connection.
(() => {
  "use strict";

  const SAVE_DELAY_MS = 800;
  const RETRY_MS = 5000;

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

  const outbox = window.ChecklistOutbox;
  const config = JSON.parse(document.body.dataset.outbox || "{}");
  const absolute = (path) => new URL(path, window.location.href).href;

  // The service worker keeps pages for offline use; the first visit asks it to keep this page.
  async function worker() {
    if (!("serviceWorker" in navigator) || !outbox) {
      return false;
    }
    try {
      await navigator.serviceWorker.register(config.sw_url, { scope: config.sw_scope });
      await navigator.serviceWorker.ready;
      return true;
    } catch (error) {
      return false;
    }
  }
  const pageAssets = () =>
    Array.from(document.querySelectorAll("link[rel=stylesheet][href], script[src]"), (node) => absolute(node.getAttribute("href") || node.getAttribute("src")));

  async function keepForOffline(urls) {
    if (!(await worker())) {
      return {};
    }
    const answer = await outbox.tellWorker({ type: "keep", urls });
    return (answer && answer.ready) || {};
  }

  // --- "My inspections": download every upcoming checklist ahead ----------------------------
  const visits = document.getElementById("my-inspections");
  if (visits) {
    const cards = Array.from(visits.querySelectorAll("[data-offline-url]"));
    const extra = JSON.parse(visits.dataset.assets || "[]").map(absolute);
    keepForOffline([absolute(window.location.pathname), ...pageAssets(), ...extra, ...cards.map((card) => absolute(card.dataset.offlineUrl))]).then((ready) => {
      cards.forEach((card) => {
        card.querySelector(".offline-ready").hidden = !ready[absolute(card.dataset.offlineUrl)];
      });
    });
  }

  const root = document.getElementById("checklist");
  if (!root || !outbox) {
    return;
  }

  // --- the checklist page --------------------------------------------------------------------
  const { plain, same } = outbox;
  const server = JSON.parse(root.dataset.state);
  const messages = JSON.parse(root.dataset.messages);
  const inspection = root.dataset.inspection;
  const storageKey = outbox.draftKey(inspection);
  const form = document.getElementById("checklist-form");
  const statusBox = document.getElementById("sync-status");
  const outboxBox = document.getElementById("outbox-status");
  const submitButton = document.getElementById("submit-checklist");
  const itemCards = Array.from(document.querySelectorAll(".checklist-item"));
  const cardOf = (id) => document.getElementById(`item-${id}`);

  const readJSON = (key) => {
    try {
      return JSON.parse(window.localStorage.getItem(key)) || {};
    } catch (error) {
      return {};
    }
  };
  const local = readJSON(storageKey);
  // The page may come from the service worker's copy, older than what this tablet last heard
  // from the server: the newer of the two is the server's side of every item.
  const pageIsNewer = local.version === undefined || local.version === null || (server.version !== null && server.version >= local.version);
  const fromServer = pageIsNewer
    ? Object.fromEntries(Object.entries(server.answers).map(([id, answer]) => [id, plain(answer)]))
    : local.base || {};
  const state = {
    response: server.response || local.response || null,
    started: Boolean(server.started || (local.started && local.response)),
    draftUrl: server.draft_url || local.draft_url || null,
    submitUrl: server.submit_url || local.submit_url || null,
    version: pageIsNewer ? server.version : local.version,
    base: fromServer,
    photos: pageIsNewer ? Object.fromEntries(Object.entries(server.answers).map(([id, a]) => [id, a.photos || []])) : local.photos || {},
    dirty: local.dirty || {},
    conflicts: local.conflicts || {},
    answers: {},
    pending: {},
  };
  Object.entries(state.base).forEach(([id, answer]) => (state.answers[id] = answer));
  Object.entries(state.dirty).forEach(([id, answer]) => (state.answers[id] = answer));

  let saveTimer = null;
  let saving = null;
  let saveAgain = false;
  // Set once the person pressed Submit: resolved conflicts then queue the submission again.
  let submitting = false;
  // The server refused the last draft (bad input): no retry until the next change.
  let refused = false;
  let queued = false;
  const conflictOpen = () => Object.keys(state.conflicts).length > 0;

  const persist = () =>
    window.localStorage.setItem(
      storageKey,
      JSON.stringify({
        version: state.version,
        response: state.response,
        started: state.started,
        draft_url: state.draftUrl,
        submit_url: state.submitUrl,
        base: state.base,
        photos: state.photos,
        dirty: state.dirty,
        conflicts: state.conflicts,
      }),
    );
  const setStatus = (text, kind) => {
    statusBox.textContent = text;
    statusBox.className = `alert py-1 px-2 mb-0 ${kind === "warn" ? "alert-warning" : kind === "error" ? "alert-danger" : "alert-light border"}`;
  };
  const settledStatus = () =>
    Object.keys(state.dirty).length ? setStatus(navigator.onLine ? messages.unsaved : messages.local, "warn") : setStatus(messages.saved);

  // Reading and writing one item in the page.
  function readItem(card) {
    const checked = card.querySelector("input.answer:checked");
    const number = card.querySelector("input.answer[type=number]");
    return plain({
      choice: checked ? checked.value : null,
      number: number && number.value !== "" ? number.value : null,
      note: card.querySelector("textarea.note").value,
    });
  }

  function showItem(card, answer) {
    const value = plain(answer);
    card.querySelectorAll("input.answer[type=radio]").forEach((radio) => {
      radio.checked = radio.value === value.choice;
    });
    const number = card.querySelector("input.answer[type=number]");
    if (number) {
      number.value = value.number === null ? "" : value.number;
    }
    card.querySelector("textarea.note").value = value.note;
  }

  function thumbnail(id, src, waiting) {
    const img = document.createElement("img");
    img.src = src;
    img.alt = cardOf(id).dataset.code;
    img.className = waiting ? "checklist-photo photo-waiting" : "checklist-photo";
    if (waiting) {
      img.title = messages.photo_waiting;
    }
    return img;
  }

  function showPhotos(id) {
    const box = cardOf(id).querySelector(".photos");
    box.querySelectorAll("img.photo-waiting").forEach((img) => URL.revokeObjectURL(img.src));
    box.replaceChildren(
      ...(state.photos[id] || []).map((photo) => thumbnail(id, photo.url, false)),
      ...(state.pending[id] || []).map((blob) => thumbnail(id, URL.createObjectURL(blob), true)),
    );
  }

  // Scores, exactly as the server computes them (checklists.md "Scoring").
  function itemScore(card, answer) {
    const type = card.dataset.type;
    if (type === "choice") {
      return { C: 1, P: 0.5, N: 0 }[answer.choice] ?? null;
    }
    if (type === "percent" && answer.number !== null && Number(card.dataset.target) > 0) {
      return Math.min(Number(answer.number) / Number(card.dataset.target), 1);
    }
    return null;
  }
  const pct = (score) => (score === null ? "—" : `${(Math.round(score * 1000) / 10).toFixed(1)}%`);
  const isAnswered = (card) => {
    const answer = plain(state.answers[card.dataset.item]);
    return card.dataset.type === "choice" ? answer.choice !== null : answer.number !== null;
  };

  function refresh() {
    const sums = {};
    const all = { weight: 0, total: 0 };
    itemCards.forEach((card) => {
      const answer = plain(state.answers[card.dataset.item]);
      const score = itemScore(card, answer);
      const weight = Number(card.dataset.weight || 1);
      const section = (sums[card.dataset.section] ||= { weight: 0, total: 0 });
      if (score !== null) {
        section.weight += weight;
        section.total += weight * score;
        all.weight += weight;
        all.total += weight * score;
      }
      const compliant = score === 1 && answer.choice !== "NA";
      const photos = (state.photos[card.dataset.item] || []).length + (state.pending[card.dataset.item] || []).length;
      const hasEvidence = answer.note.trim() !== "" || photos > 0;
      const missing = card.dataset.evidence === "1" && isAnswered(card) && !compliant && !hasEvidence;
      card.querySelector(".evidence-missing").hidden = !missing;
      card.classList.toggle("border-danger", missing);
    });
    document.querySelectorAll("[data-score-for]").forEach((badge) => {
      const sum = sums[badge.dataset.scoreFor];
      badge.textContent = pct(sum && sum.weight ? sum.total / sum.weight : null);
    });
    document.getElementById("total-score").textContent = pct(all.weight ? all.total / all.weight : null);
    document.getElementById("answered-count").textContent = messages.answered
      .replace("{n}", itemCards.filter(isAnswered).length)
      .replace("{total}", itemCards.length);
  }

  // The outbox's state in the bar: how many things wait, and whether a login is needed.
  async function showOutbox() {
    const count = await outbox.waitingCount();
    const badge = document.getElementById("pending-count");
    badge.hidden = count === 0;
    badge.textContent = config.pending.replace("{n}", count);
    const mine = await outbox.submissionFor(inspection);
    queued = Boolean(mine && !mine.refused);
    submitButton.disabled = queued || conflictOpen();
    const login = outbox.loginNeeded();
    outboxBox.hidden = !queued && !login;
    outboxBox.textContent = login ? messages.login : queued ? messages.waiting : "";
    outboxBox.classList.toggle("alert-danger", login);
  }

  // --- the server's state: items acknowledged, changed elsewhere, or in conflict -------------
  function takeServer(data, sent) {
    if (data.response) {
      state.response = data.response;
      state.started = data.started !== false;
      state.draftUrl = data.draft_url || state.draftUrl;
      state.submitUrl = data.submit_url || state.submitUrl;
    }
    state.version = data.version;
    const theirs = data.answers || {};
    const ids = new Set([...Object.keys(theirs), ...Object.keys(state.dirty)]);
    ids.forEach((id) => {
      const stored = theirs[id];
      state.photos[id] = (stored && stored.photos) || state.photos[id] || [];
      if (state.dirty[id]) {
        const acknowledged = sent && sent[id] && same(stored, sent[id]) && same(state.answers[id], sent[id]);
        if (acknowledged || same(stored, state.answers[id])) {
          delete state.dirty[id];
        } else if (stored && !same(stored, state.base[id])) {
          // Changed here and, differently, elsewhere: the person chooses.
          state.conflicts[id] = stored;
        }
      } else if (stored && !same(stored, state.answers[id])) {
        state.answers[id] = plain(stored);
        showItem(cardOf(id), stored);
      }
      if (stored && !state.conflicts[id]) {
        state.base[id] = plain(stored);
      }
      if (cardOf(id)) {
        showPhotos(id);
      }
    });
    persist();
    refresh();
    showConflicts();
  }

  const describe = (card, answer) => {
    const value = plain(answer);
    const parts = [];
    if (value.choice) {
      const label = card.querySelector(`input.answer[value="${value.choice}"] + label`);
      parts.push(label ? label.textContent.trim() : value.choice);
    }
    if (value.number !== null) {
      parts.push(value.number);
    }
    if (value.note) {
      parts.push(`“${value.note}”`);
    }
    return parts.join(" · ") || messages.empty;
  };

  function conflictRow(id) {
    const card = cardOf(id);
    const theirs = state.conflicts[id];
    const row = document.createElement("div");
    row.className = "conflict border-top py-2";
    row.dataset.item = id;
    const title = document.createElement("p");
    title.className = "fw-semibold mb-1";
    title.textContent = card.querySelector(".card-body > p.fw-semibold").textContent;
    const mine = document.createElement("button");
    mine.type = "button";
    mine.className = "btn btn-outline-primary me-2 mb-1 keep-mine";
    mine.textContent = `${messages.yours}: ${describe(card, state.answers[id])}`;
    const other = document.createElement("button");
    other.type = "button";
    other.className = "btn btn-outline-secondary mb-1 take-theirs";
    const when = theirs.at ? new Date(theirs.at).toLocaleString() : "";
    other.textContent = `${messages.theirs}: ${describe(card, theirs)}${theirs.by ? ` (${messages.by} ${theirs.by} ${when})` : ""}`;
    mine.addEventListener("click", () => resolve(id, state.answers[id]));
    other.addEventListener("click", () => resolve(id, theirs));
    row.append(title, mine, other);
    return row;
  }

  function showConflicts() {
    const box = document.getElementById("conflicts");
    const ids = Object.keys(state.conflicts);
    box.hidden = ids.length === 0;
    if (!ids.length) {
      return;
    }
    document.getElementById("conflicts-message").textContent = messages.stale;
    document.getElementById("conflict-list").replaceChildren(...ids.map(conflictRow));
    setStatus(messages.stale, "error");
    submitButton.disabled = true;
  }

  function resolve(id, chosen) {
    state.base[id] = plain(state.conflicts[id]);
    delete state.conflicts[id];
    state.answers[id] = plain(chosen);
    if (same(chosen, state.base[id])) {
      delete state.dirty[id];
    } else {
      state.dirty[id] = plain(chosen);
    }
    showItem(cardOf(id), chosen);
    persist();
    refresh();
    showConflicts();
    if (!conflictOpen()) {
      setStatus(messages.resolved);
      submitButton.disabled = false;
      if (submitting) {
        save().then(() => !conflictOpen() && queueSubmit());
      } else {
        save();
      }
    }
  }

  // --- drafts to the server ------------------------------------------------------------------
  function validItem(id) {
    const number = cardOf(id).querySelector("input.answer[type=number]");
    return !number || number.checkValidity();
  }

  function scheduleSave(delay = SAVE_DELAY_MS) {
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(save, delay);
  }

  // The checklist is started on the server by the first save (from the visit's day on).
  async function ensureStarted() {
    if (state.started) {
      return true;
    }
    const result = await outbox.send(root.dataset.startUrl);
    if (result.status === 200 && result.data) {
      takeServer(result.data, null);
      return !conflictOpen();
    }
    if (result.data && result.data.message && result.status !== 401) {
      setStatus(`${messages.local} ${result.data.message}`, "warn");
    }
    return false;
  }

  // One draft request at a time: a save asked for meanwhile runs right after.
  function save() {
    window.clearTimeout(saveTimer);
    if (saving) {
      saveAgain = true;
      return saving;
    }
    saving = (async () => {
      do {
        saveAgain = false;
        await saveOnce();
      } while (saveAgain && !conflictOpen() && !refused);
    })().finally(() => {
      saving = null;
      showOutbox();
    });
    return saving;
  }

  async function saveOnce() {
    const ids = Object.keys(state.dirty).filter(validItem);
    if (!ids.length || conflictOpen() || refused || queued) {
      return;
    }
    if (!(await ensureStarted())) {
      if (navigator.onLine && !outbox.loginNeeded()) {
        scheduleSave(RETRY_MS * 6);
      }
      return;
    }
    const sent = Object.fromEntries(ids.map((id) => [id, plain(state.answers[id])]));
    setStatus(messages.saving);
    const result = await outbox.sendJSON(state.draftUrl, { version: state.version, answers: sent });
    const data = result.data;
    if (result.status === 200 && data) {
      takeServer(data, sent);
      settledStatus();
    } else if (result.status === 409 && data && data.error === "stale") {
      takeServer(data, null);
      if (!conflictOpen()) {
        saveAgain = true;
      }
    } else if (result.status === 401) {
      setStatus(messages.login, "error");
    } else if (result.status === 0 || result.status >= 500) {
      setStatus(messages.local, "warn");
      if (navigator.onLine) {
        scheduleSave(RETRY_MS);
      }
    } else {
      refused = true;
      setStatus((data && data.message) || messages.refused, "error");
    }
  }

  // Every change: to localStorage at once, to the server shortly after.
  function changed(event) {
    const card = event.target.closest(".checklist-item");
    if (!card || event.target.classList.contains("photo-input")) {
      return;
    }
    const id = card.dataset.item;
    state.answers[id] = readItem(card);
    if (same(state.answers[id], state.base[id])) {
      delete state.dirty[id];
    } else {
      state.dirty[id] = state.answers[id];
    }
    refused = false;
    persist();
    refresh();
    if (!validItem(id)) {
      card.querySelector(".item-error").textContent = messages.out_of_range;
      return;
    }
    card.querySelector(".item-error").textContent = "";
    settledStatus();
    scheduleSave();
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", (event) => event.preventDefault());

  // --- photos: to the server at once, or queued in the outbox --------------------------------
  const photoUrl = (item) => root.dataset.photoUrl.replace("{response}", state.response).replace("{item}", item);

  async function showPending() {
    state.pending = {};
    (await outbox.photosFor(inspection)).forEach((entry) => (state.pending[entry.item] ||= []).push(entry.blob));
    itemCards.forEach((card) => showPhotos(card.dataset.item));
    refresh();
  }

  form.addEventListener("change", async (event) => {
    const input = event.target.closest(".photo-input");
    if (!input || !input.files.length) {
      return;
    }
    const card = input.closest(".checklist-item");
    const item = card.dataset.item;
    const file = input.files[0];
    input.value = "";
    if (navigator.onLine && state.started) {
      const body = new FormData();
      body.append("photo", file, file.name);
      const result = await outbox.send(photoUrl(item), { body });
      if (result.status === 200 && result.data) {
        state.photos[item] = result.data.photos;
        persist();
        showPhotos(item);
        refresh();
        return;
      }
      if (result.status === 422 && result.data) {
        card.querySelector(".item-error").textContent = result.data.message || messages.photo_failed;
        return;
      }
    }
    try {
      await outbox.queuePhoto({
        inspection,
        response: state.started ? state.response : null,
        start_url: root.dataset.startUrl,
        photo_url: root.dataset.photoUrl,
        item,
        name: file.name,
        blob: file,
      });
    } catch (error) {
      card.querySelector(".item-error").textContent = messages.photo_offline;
      return;
    }
    await showPending();
    setStatus(messages.local, "warn");
    outbox.flush();
  });

  // --- submitting: queued first, so that a lost connection loses nothing ---------------------
  function missingAnswers() {
    return itemCards.filter((card) => !isAnswered(card) || !validItem(card.dataset.item));
  }

  const newClientId = () => {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  };

  async function queueSubmit() {
    const answers = Object.fromEntries(itemCards.map((card) => [card.dataset.item, plain(state.answers[card.dataset.item])]));
    await outbox.queueSubmission({
      inspection,
      response: state.started ? state.response : null,
      start_url: root.dataset.startUrl,
      submit_url: state.started ? state.submitUrl : null,
      body: { client_id: newClientId(), version: state.version, answers },
      base: state.base,
    });
    setStatus(messages.sending);
    await showOutbox();
    outbox.flush();
  }

  submitButton.addEventListener("click", async () => {
    const missing = missingAnswers();
    itemCards.forEach((card) => card.classList.toggle("border-warning", missing.includes(card)));
    if (missing.length) {
      setStatus(messages.incomplete, "error");
      missing[0].scrollIntoView({ block: "center" });
      return;
    }
    // A double tap must not queue a second submission.
    submitButton.disabled = true;
    submitting = true;
    if (navigator.onLine) {
      await save();
    }
    if (conflictOpen()) {
      return;
    }
    await queueSubmit();
  });

  // --- what the outbox reports -----------------------------------------------------------------
  const ours = (entry) => String(entry.inspection) === String(inspection);
  outbox.on("change", showOutbox);
  outbox.on("started", (detail) => String(detail.inspection) === String(inspection) && takeServer(detail.data, null));
  outbox.on("sent", ({ entry, data }) => ours(entry) && window.location.assign(data.record_url));
  outbox.on("stale", async ({ entry, data }) => {
    if (!ours(entry)) {
      return;
    }
    submitting = true;
    takeServer(data, null);
    await outbox.dropSubmission(inspection);
    if (!conflictOpen()) {
      queueSubmit();
    }
  });
  outbox.on("refused", ({ entry, data }) => {
    if (!ours(entry)) {
      return;
    }
    submitting = false;
    setStatus((data && data.message) || messages.refused, "error");
    showOutbox();
  });
  outbox.on("photo-sent", ({ entry, data }) => {
    if (ours(entry)) {
      state.photos[data.item] = data.photos;
      persist();
      showPending();
    }
  });
  outbox.on("photo-refused", ({ entry, data }) => {
    if (ours(entry)) {
      cardOf(entry.item).querySelector(".item-error").textContent = data.message || messages.photo_failed;
      showPending();
    }
  });

  // --- start: every answer this tablet knows of --------------------------------------------
  itemCards.forEach((card) => {
    const id = card.dataset.item;
    if (state.answers[id]) {
      showItem(card, state.answers[id]);
    }
    showPhotos(id);
  });
  persist();
  refresh();
  showConflicts();
  showPending();
  showOutbox();
  settledStatus();
  // A submission the server refused while this page was closed: a stale one is merged again
  // through a save (asking about real conflicts) and queued anew; any other shows its reason.
  outbox.submissionFor(inspection).then(async (entry) => {
    if (entry && entry.refused === "stale") {
      await outbox.dropSubmission(inspection);
      submitting = true;
      await save();
      if (!conflictOpen()) {
        queueSubmit();
      }
    } else if (entry && entry.refused) {
      setStatus(entry.refused, "error");
    }
  });
  if (Object.keys(state.dirty).length) {
    scheduleSave();
  }
  window.addEventListener("online", () => scheduleSave());
  window.addEventListener("offline", settledStatus);
  if (!navigator.serviceWorker || !navigator.serviceWorker.controller) {
    keepForOffline([absolute(window.location.pathname), ...pageAssets()]);
  } else {
    worker();
  }
})();
