// Filling a checklist on a tablet: nothing typed is lost.
// Every change goes to localStorage at once and to the server as a draft (debounced); a
// submission waits in localStorage (the outbox) until the server has answered it.
(() => {
  "use strict";

  const OUTBOX_KEY = "checklist-outbox";
  const SAVE_DELAY_MS = 800;
  const csrfToken = () => document.querySelector('meta[name="csrf-token"]').content;

  const readJSON = (key, fallback) => {
    try {
      return JSON.parse(window.localStorage.getItem(key)) ?? fallback;
    } catch (error) {
      return fallback;
    }
  };
  const writeJSON = (key, value) => window.localStorage.setItem(key, JSON.stringify(value));

  const newClientId = () => {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  };

  const postJSON = (url, body) =>
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
    });

  // --- photos taken without a connection wait in IndexedDB (too big for localStorage) -------
  const openPhotoDb = () =>
    new Promise((resolve, reject) => {
      const request = window.indexedDB.open("checklist-photos", 1);
      request.onupgradeneeded = () => request.result.createObjectStore("photos", { keyPath: "id", autoIncrement: true });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });

  async function photoStore(mode, action) {
    const database = await openPhotoDb();
    return new Promise((resolve, reject) => {
      const transaction = database.transaction("photos", mode);
      const request = action(transaction.objectStore("photos"));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
    });
  }
  const queuedPhotos = () => photoStore("readonly", (store) => store.getAll()).catch(() => []);
  const queuePhoto = (entry) => photoStore("readwrite", (store) => store.add(entry));
  const dropPhoto = (id) => photoStore("readwrite", (store) => store.delete(id));

  // "sent", "refused" (a bad file: its message is shown) or "offline".
  async function uploadPhoto(entry) {
    const body = new FormData();
    body.append("photo", entry.blob, entry.name);
    let response;
    try {
      response = await fetch(entry.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
        body,
      });
    } catch (error) {
      return "offline";
    }
    if (response.status >= 500) {
      return "offline";
    }
    const data = await response.json().catch(() => ({}));
    if (response.ok) {
      handlers.photoSent(entry, data);
      return "sent";
    }
    handlers.photoRefused(entry, data);
    return "refused";
  }

  // Returns the responses that still have photos waiting: their submission waits too.
  async function flushPhotos() {
    const waiting = new Set();
    for (const entry of await queuedPhotos()) {
      if (waiting.has(entry.response) || (await uploadPhoto(entry)) === "offline") {
        waiting.add(entry.response);
      } else {
        await dropPhoto(entry.id);
        handlers.photoDropped();
      }
    }
    return waiting;
  }

  // --- the outbox: submissions waiting for the server ----------------------------------------
  const outbox = () => readJSON(OUTBOX_KEY, []);
  const setOutbox = (entries) => writeJSON(OUTBOX_KEY, entries);
  const handlers = {
    sent: () => {},
    refused: () => {},
    waiting: () => {},
    photoSent: () => {},
    photoRefused: () => {},
    photoDropped: () => {},
  };
  let flushing = false;

  async function flushOutbox() {
    if (flushing) {
      return;
    }
    flushing = true;
    try {
      const photosWaiting = await flushPhotos();
      for (const entry of outbox()) {
        if (photosWaiting.has(entry.response)) {
          handlers.waiting(entry);
          continue;
        }
        let response;
        try {
          response = await postJSON(entry.url, entry.body);
        } catch (error) {
          handlers.waiting(entry);
          continue;
        }
        if (response.status >= 500) {
          handlers.waiting(entry);
          continue;
        }
        const data = await response.json().catch(() => ({}));
        setOutbox(outbox().filter((e) => e.body.client_id !== entry.body.client_id));
        if (response.ok) {
          window.localStorage.removeItem(`checklist:${entry.response}`);
          handlers.sent(entry, data);
        } else {
          handlers.refused(entry, data, response.status);
        }
      }
    } finally {
      flushing = false;
    }
  }

  window.addEventListener("online", flushOutbox);
  window.setInterval(() => outbox().length && flushOutbox(), 30000);

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

  const root = document.getElementById("checklist");
  if (!root) {
    flushOutbox();
    return;
  }

  // --- the checklist page ------------------------------------------------------------------
  const server = JSON.parse(root.dataset.state);
  const messages = JSON.parse(root.dataset.messages);
  const storageKey = `checklist:${server.response}`;
  const waitingToSend = () => outbox().some((entry) => entry.response === server.response);
  const form = document.getElementById("checklist-form");
  const statusBox = document.getElementById("sync-status");
  const outboxBox = document.getElementById("outbox-status");
  const itemCards = Array.from(document.querySelectorAll(".checklist-item"));
  const cardOf = (id) => document.getElementById(`item-${id}`);

  const local = readJSON(storageKey, null) || { answers: {}, dirty: {} };
  const state = { version: server.version, answers: {}, dirty: {}, base: {}, photos: {}, pending: {} };
  let saveTimer = null;
  let saving = null;
  let saveAgain = false;
  let conflictOpen = false;
  // Set once the person pressed Submit: a resolved conflict then resends the submission.
  let submitting = false;
  // The server refused the last draft (bad input): no retry until the next change.
  let refused = false;

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
  const persist = () => writeJSON(storageKey, { version: state.version, answers: state.answers, dirty: state.dirty });
  const setStatus = (text, kind) => {
    statusBox.textContent = text;
    statusBox.className = `alert py-2 ${kind === "warn" ? "alert-warning" : kind === "error" ? "alert-danger" : "alert-light border"}`;
  };

  // Reading and writing one item in the page.
  function readItem(card) {
    const checked = card.querySelector("input.answer:checked");
    const number = card.querySelector("input.answer[type=number]");
    return {
      choice: checked ? checked.value : null,
      number: number && number.value !== "" ? number.value : null,
      note: card.querySelector("textarea.note").value,
    };
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

  function refreshScores() {
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
      const answered = answer.choice !== null || answer.number !== null;
      const compliant = score === 1 && answer.choice !== "NA";
      const photos = (state.photos[card.dataset.item] || []).length + (state.pending[card.dataset.item] || []).length;
      const hasEvidence = answer.note.trim() !== "" || photos > 0;
      const missing = card.dataset.evidence === "1" && answered && !compliant && !hasEvidence;
      card.querySelector(".evidence-missing").hidden = !missing;
      card.classList.toggle("border-danger", missing);
    });
    document.querySelectorAll("[data-score-for]").forEach((badge) => {
      const sum = sums[badge.dataset.scoreFor];
      badge.textContent = pct(sum && sum.weight ? sum.total / sum.weight : null);
    });
    document.getElementById("total-score").textContent = pct(all.weight ? all.total / all.weight : null);
  }

  // Drafts to the server. A number out of range stays on the tablet until it is corrected.
  function validItem(id) {
    const number = cardOf(id).querySelector("input.answer[type=number]");
    return !number || number.checkValidity();
  }

  function scheduleSave() {
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(save, SAVE_DELAY_MS);
  }

  // One draft request at a time: a save asked for meanwhile runs right after, with the
  // version the first one got back.
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
      } while (saveAgain && !conflictOpen && !refused);
    })().finally(() => {
      saving = null;
      if (Object.keys(state.dirty).filter(validItem).length && !conflictOpen && !refused && navigator.onLine) {
        scheduleSave();
      }
    });
    return saving;
  }

  async function saveOnce() {
    const ids = Object.keys(state.dirty).filter(validItem);
    if (!ids.length || conflictOpen || refused || waitingToSend()) {
      return;
    }
    const sent = Object.fromEntries(ids.map((id) => [id, plain(state.answers[id])]));
    setStatus(messages.saving);
    let response;
    try {
      response = await postJSON(root.dataset.draftUrl, { version: state.version, answers: sent });
    } catch (error) {
      setStatus(messages.local, "warn");
      return;
    }
    const data = await response.json().catch(() => ({}));
    if (response.ok) {
      acceptServer(data, sent);
      setStatus(Object.keys(state.dirty).length ? messages.saving : messages.saved);
    } else if (response.status === 409 && data.error === "stale") {
      handleStale(data);
    } else {
      refused = true;
      setStatus(data.message || messages.refused, "error");
    }
  }

  // The server's answers after a save: ours are stored; a teammate's change to an item we
  // have not touched is shown.
  function acceptServer(data, sent) {
    state.version = data.version;
    Object.entries(sent || {}).forEach(([id, value]) => {
      if (same(state.answers[id], value)) {
        delete state.dirty[id];
      }
    });
    Object.entries(data.answers || {}).forEach(([id, answer]) => {
      state.base[id] = plain(answer);
      state.photos[id] = answer.photos || [];
      if (!state.dirty[id] && !same(state.answers[id], answer)) {
        state.answers[id] = Object.assign(plain(answer), { t: Date.parse(answer.at) || Date.now() });
        showItem(cardOf(id), answer);
      }
      showPhotos(id);
    });
    persist();
    refreshScores();
  }

  // A stale version: items the teammate did not change keep ours; the others are the
  // person's choice, item by item.
  function handleStale(data) {
    const base = state.base;
    const real = (data.conflicts || []).filter((c) => !same(c.theirs, base[c.item]) && !same(c.theirs, c.yours));
    acceptServer(data, {});
    if (!real.length) {
      continueAfterConflicts();
      return;
    }
    conflictOpen = true;
    const list = document.getElementById("conflict-list");
    document.getElementById("conflicts-message").textContent = messages.stale;
    list.replaceChildren(...real.map(conflictRow));
    document.getElementById("conflicts").hidden = false;
    setStatus(messages.stale, "error");
    document.getElementById("conflicts").scrollIntoView({ block: "start" });
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

  function conflictRow(conflict) {
    const card = cardOf(conflict.item);
    const row = document.createElement("div");
    row.className = "conflict border-top py-2";
    row.dataset.item = conflict.item;
    const title = document.createElement("p");
    title.className = "fw-semibold mb-1";
    title.textContent = `${conflict.code}. ${conflict.text}`;
    const mine = document.createElement("button");
    mine.type = "button";
    mine.className = "btn btn-outline-primary me-2 mb-1 keep-mine";
    mine.textContent = `${messages.yours}: ${describe(card, conflict.yours)}`;
    const theirs = document.createElement("button");
    theirs.type = "button";
    theirs.className = "btn btn-outline-secondary mb-1 take-theirs";
    const when = conflict.theirs.at ? new Date(conflict.theirs.at).toLocaleString() : "";
    theirs.textContent = `${messages.theirs}: ${describe(card, conflict.theirs)} (${messages.by} ${conflict.theirs.by} ${when})`;
    mine.addEventListener("click", () => resolve(row, conflict, conflict.yours));
    theirs.addEventListener("click", () => resolve(row, conflict, conflict.theirs));
    row.append(title, mine, theirs);
    return row;
  }

  function resolve(row, conflict, chosen) {
    state.answers[conflict.item] = Object.assign(plain(chosen), { t: Date.now() });
    state.dirty[conflict.item] = true;
    showItem(cardOf(conflict.item), chosen);
    row.remove();
    persist();
    refreshScores();
    if (!document.querySelector("#conflict-list .conflict")) {
      document.getElementById("conflicts").hidden = true;
      conflictOpen = false;
      setStatus(messages.resolved);
      continueAfterConflicts();
    }
  }

  function continueAfterConflicts() {
    if (submitting) {
      save().then(() => !conflictOpen && queueSubmit());
    } else {
      save();
    }
  }

  // Every change: to localStorage at once, to the server shortly after.
  function changed(event) {
    const card = event.target.closest(".checklist-item");
    if (!card || event.target.classList.contains("photo-input")) {
      return;
    }
    const id = card.dataset.item;
    state.answers[id] = Object.assign(readItem(card), { t: Date.now() });
    state.dirty[id] = true;
    refused = false;
    persist();
    refreshScores();
    if (!validItem(id)) {
      card.querySelector(".item-error").textContent = messages.out_of_range;
      return;
    }
    card.querySelector(".item-error").textContent = "";
    setStatus(navigator.onLine ? messages.saving : messages.local, navigator.onLine ? null : "warn");
    scheduleSave();
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", (event) => event.preventDefault());

  // Photos go to the server at once, or wait in IndexedDB without a connection.
  form.addEventListener("change", async (event) => {
    const input = event.target.closest(".photo-input");
    if (!input || !input.files.length) {
      return;
    }
    const card = input.closest(".checklist-item");
    const file = input.files[0];
    input.value = "";
    const entry = { response: server.response, item: card.dataset.item, url: input.dataset.url, name: file.name, blob: file };
    if (navigator.onLine && (await uploadPhoto(entry)) !== "offline") {
      return;
    }
    try {
      await queuePhoto(entry);
    } catch (error) {
      card.querySelector(".item-error").textContent = messages.photo_offline;
      return;
    }
    await showPending();
    setStatus(messages.local, "warn");
  });

  handlers.photoSent = (entry, data) => {
    if (entry.response !== server.response) {
      return;
    }
    state.photos[data.item] = data.photos;
    cardOf(data.item).querySelector(".item-error").textContent = "";
    showPhotos(data.item);
    refreshScores();
  };
  handlers.photoDropped = showPending;
  handlers.photoRefused = (entry, data) => {
    if (entry.response === server.response) {
      cardOf(entry.item).querySelector(".item-error").textContent = data.message || messages.photo_failed;
    }
  };

  async function showPending() {
    const queued = (await queuedPhotos()).filter((entry) => entry.response === server.response);
    state.pending = {};
    queued.forEach((entry) => (state.pending[entry.item] ||= []).push(entry.blob));
    itemCards.forEach((card) => showPhotos(card.dataset.item));
    refreshScores();
  }

  // Submitting: queued first, so that a lost connection loses nothing.
  function showOutbox() {
    const waiting = waitingToSend();
    outboxBox.hidden = !waiting;
    outboxBox.textContent = waiting ? messages.waiting : "";
    document.getElementById("submit-checklist").disabled = waiting;
  }

  function missingAnswers() {
    return itemCards.filter((card) => {
      const answer = plain(state.answers[card.dataset.item]);
      const empty = card.dataset.type === "choice" ? !answer.choice : answer.number === null;
      return empty || !validItem(card.dataset.item);
    });
  }

  function queueSubmit() {
    const answers = Object.fromEntries(itemCards.map((card) => [card.dataset.item, plain(state.answers[card.dataset.item])]));
    const entry = {
      response: server.response,
      url: root.dataset.submitUrl,
      body: { client_id: newClientId(), version: state.version, answers },
    };
    setOutbox(outbox().filter((e) => e.response !== server.response).concat([entry]));
    setStatus(messages.sending);
    showOutbox();
    flushOutbox();
  }

  const submitButton = document.getElementById("submit-checklist");
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
    if (conflictOpen) {
      submitButton.disabled = false;
    } else {
      queueSubmit();
    }
  });

  handlers.waiting = (entry) => {
    if (entry.response === server.response) {
      showOutbox();
      setStatus(messages.waiting, "warn");
    }
  };
  handlers.sent = (entry, data) => {
    if (entry.response === server.response) {
      window.location.assign(data.record_url);
    }
  };
  handlers.refused = (entry, data, status) => {
    if (entry.response !== server.response) {
      return;
    }
    showOutbox();
    if (status === 409 && data.error === "stale") {
      handleStale(data);
    } else {
      setStatus(data.message || messages.refused, "error");
    }
  };

  // Start: the newer of this tablet's copy and the server's wins, item by item.
  itemCards.forEach((card) => {
    const id = card.dataset.item;
    const fromServer = server.answers[id];
    const fromTablet = local.answers[id];
    state.photos[id] = (fromServer && fromServer.photos) || [];
    if (fromServer) {
      state.base[id] = plain(fromServer);
    }
    const serverTime = fromServer && fromServer.at ? Date.parse(fromServer.at) : 0;
    if (fromTablet && local.dirty[id] && fromTablet.t > serverTime && !same(fromTablet, fromServer)) {
      state.answers[id] = fromTablet;
      state.dirty[id] = true;
    } else if (fromServer) {
      state.answers[id] = Object.assign(plain(fromServer), { t: serverTime });
    }
    if (state.answers[id]) {
      showItem(card, state.answers[id]);
    }
    showPhotos(id);
  });
  persist();
  refreshScores();
  showPending();
  showOutbox();
  if (Object.keys(state.dirty).length) {
    setStatus(messages.local, "warn");
    scheduleSave();
  }
  window.addEventListener("online", () => scheduleSave());
  window.addEventListener("offline", () => setStatus(messages.local, "warn"));
  flushOutbox();

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.dataset.swUrl).catch(() => {});
  }
})();
