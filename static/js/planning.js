// The solve progress page: polls the job's status and updates the bars without reloading.
(() => {
  const section = document.getElementById("job-progress");
  if (!section) {
    return;
  }
  const url = section.dataset.statusUrl;
  const percent = (share) => `${Math.round(Math.max(0, Math.min(1, share || 0)) * 100)}%`;

  const show = (state) => {
    section.querySelectorAll("[data-field]").forEach((el) => {
      const value = state[el.dataset.field];
      el.textContent = value === null || value === undefined || value === "" ? (el.dataset.field === "error" ? "" : "—") : value;
    });
    section.querySelectorAll("[data-bar]").forEach((bar) => {
      bar.style.width = percent(state[bar.dataset.bar]);
      bar.parentElement.setAttribute("aria-valuenow", Math.round((state[bar.dataset.bar] || 0) * 100));
    });
    const error = section.querySelector('[data-field="error"]');
    error.classList.toggle("d-none", !state.error);
    if (state.finished) {
      section.querySelectorAll("[data-show-when-finished]").forEach((el) => el.classList.remove("d-none"));
      section.querySelectorAll("[data-hide-when-finished]").forEach((el) => el.classList.add("d-none"));
      section.dataset.finished = "true";
    }
  };

  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const state = await response.json();
        show(state);
        if (state.finished) {
          return;
        }
      }
    } catch (error) {
      // A dropped connection: try again at the next tick.
    }
    window.setTimeout(poll, 1000);
  };

  if (section.dataset.finished !== "true") {
    window.setTimeout(poll, 500);
  }
})();
