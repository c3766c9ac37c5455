// Small behaviours shared by every page. No inline scripts: the CSP forbids them.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

// Forms whose select should submit on change (filters).
document.addEventListener("change", (event) => {
  const control = event.target.closest("[data-autosubmit]");
  if (control && control.form) {
    control.form.requestSubmit();
  }
});

// A table wider than its box scrolls sideways: while it does, the box takes keyboard focus (so
// the arrow keys scroll it) and is a region named after its table.
function tableName(table) {
  if (!table) return "";
  const labelledBy = table.getAttribute("aria-labelledby");
  const byId = labelledBy && document.getElementById(labelledBy);
  return table.getAttribute("aria-label") || (byId && byId.textContent.trim())
    || (table.caption && table.caption.textContent.trim()) || "";
}

function markScrollingTables() {
  for (const box of document.querySelectorAll(".table-responsive")) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.tabIndex = 0;
      box.dataset.scrolls = "1";
      const name = tableName(box.querySelector("table"));
      if (name) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name);
      }
    } else if (!scrolls && box.dataset.scrolls) {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
      delete box.dataset.scrolls;
    }
  }
}

markScrollingTables();
window.addEventListener("resize", markScrollingTables);
