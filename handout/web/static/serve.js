// The front-desk page without reloads: the search box filters the languages, and any change of choice
// fetches the pages for it. Without JavaScript the same form still works by reloading the page.
"use strict";
(function () {
  const form = document.getElementById("choose");
  const preview = document.getElementById("preview");
  const announce = document.getElementById("preview-status");
  const search = document.getElementById("language-search");
  const count = document.getElementById("language-count");
  const items = Array.from(document.querySelectorAll("#language-list li"));
  let timer = null;
  let pending = null;
  let pointer = false; // was the last choice made with a mouse or a finger (rather than the arrow keys)?

  document.getElementById("show-pages").hidden = true;

  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function filterLanguages() {
    const wanted = fold(search.value.trim());
    let shown = 0;
    for (const item of items) {
      item.hidden = wanted !== "" && !item.dataset.search.includes(wanted);
      if (!item.hidden) shown += 1;
    }
    count.textContent = shown === 1 ? "1 language" : shown + " languages";
  }

  function firstChoice() {
    const item = items.find((li) => !li.hidden && !li.querySelector("input").disabled);
    return item ? item.querySelector("input") : null;
  }

  function showBusy(text) {
    preview.setAttribute("aria-busy", "true");
    const heading = document.createElement("h2");
    heading.id = "preview-heading";
    heading.textContent = text;
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent = "The first time a handout is made takes a few seconds.";
    preview.replaceChildren(heading, hint);
  }

  async function update() {
    const data = new FormData(form);
    if (!data.get("locale")) return;
    const query = new URLSearchParams(data).toString();
    history.replaceState(null, "", "?" + query);
    if (pending) pending.abort();
    const mine = (pending = new AbortController());
    const label = document.querySelector('label[for="locale-' + CSS.escape(data.get("locale")) + '"]');
    showBusy("Making the handout: " + (label ? label.textContent.replace(/\s+/g, " ").trim() : "") + "…");
    try {
      const response = await fetch("preview?" + query, { signal: mine.signal });
      const html = await response.text();
      if (!response.headers.get("Content-Type").startsWith("text/html")) throw new Error(html);
      preview.innerHTML = html;
      const heading = document.getElementById("preview-heading");
      announce.textContent = heading.dataset.summary || heading.textContent.replace(/\s+/g, " ").trim();
    } catch (error) {
      if (error.name === "AbortError") return;
      const message = document.createElement("p");
      message.className = "error";
      message.setAttribute("role", "alert");
      message.textContent = String(error.message || error);
      preview.replaceChildren(message);
    } finally {
      if (pending === mine) preview.removeAttribute("aria-busy");
    }
  }

  search.addEventListener("input", filterLanguages);
  search.addEventListener("keydown", (event) => {
    // Enter picks the first language that matches; the down arrow moves into the list.
    if (event.key !== "Enter" && event.key !== "ArrowDown") return;
    event.preventDefault();
    const choice = firstChoice();
    if (!choice) return;
    choice.focus();
    if (event.key === "Enter" && !choice.checked) {
      choice.checked = true;
      update();
    }
  });
  form.addEventListener("pointerdown", () => { pointer = true; });
  form.addEventListener("keydown", () => { pointer = false; });
  form.addEventListener("change", (event) => {
    if (event.target === search) return;
    // Arrowing through the languages changes the choice at every step: wait until it settles.
    // A tap or a click is a choice made: show it at once.
    clearTimeout(timer);
    timer = setTimeout(update, pointer ? 0 : 300);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update();
  });
  filterLanguages();
  // The bar that jumps to the pages (phones) hides while the pages are on the screen.
  if ("IntersectionObserver" in window) {
    new IntersectionObserver((entries) => {
      document.body.classList.toggle("pages-in-view", entries.some((entry) => entry.isIntersecting));
    }, { threshold: 0.15 }).observe(preview);
  }
  // A page opened with a language chosen (a reload, a bookmark) shows that language in the list.
  const chosen = document.querySelector("#language-list input:checked");
  if (chosen) chosen.closest("ul").scrollTop = chosen.closest("li").offsetTop;
})();
