// The preview page of `faqpress serve`: asks the server for its state on
// every build (server-sent events) and updates the page in place, keeping
// where the reader is scrolled to. All text from the server is set as text.
"use strict";

const params = new URLSearchParams(location.search);
const wanted = params.get("release");
let shown = -1;

async function refresh() {
  const response = await fetch("/state" + (wanted ? "?release=" + encodeURIComponent(wanted) : ""), { cache: "no-store" });
  const state = await response.json();
  document.getElementById("title").textContent = state.title;
  document.title = state.title + " – faqpress preview";
  document.getElementById("status").textContent = state.status;
  releases(state);
  const box = document.getElementById("diagnostics");
  document.getElementById("diagnostic-text").textContent = state.error || "";
  box.hidden = !state.error;
  if (state.good !== shown && state.good > 0) {
    shown = state.good;
    edition(state.good);
    pages(state.good, state.pages);
  }
}

function releases(state) {
  const select = document.getElementById("release");
  if (select.options.length !== state.releases.length || select.value !== state.release) {
    select.replaceChildren(...state.releases.map((version) => {
      const option = document.createElement("option");
      option.value = version;
      option.textContent = version;
      return option;
    }));
    select.value = state.release;
  }
}

function edition(generation) {
  const frame = document.getElementById("edition");
  const view = frame.contentWindow;
  const y = view && view.location.href !== "about:blank" ? view.scrollY : 0;
  frame.onload = () => frame.contentWindow.scrollTo(0, y);
  frame.src = "/edition?g=" + generation;
}

function pages(generation, count) {
  const box = document.getElementById("pages");
  let images = box.querySelectorAll("img");
  for (let i = images.length; i < count; i++) {
    const img = document.createElement("img");
    img.alt = "PDF page " + (i + 1);
    img.loading = "lazy";
    img.decoding = "async";
    box.appendChild(img);
  }
  images = box.querySelectorAll("img");
  images.forEach((img, i) => {
    if (i >= count) img.remove();
    else img.src = "/pages/" + (i + 1) + ".png?g=" + generation;
  });
}

document.getElementById("release").addEventListener("change", (event) => {
  location.search = "?release=" + encodeURIComponent(event.target.value);
});
new EventSource("/events").onmessage = () => refresh().catch(() => {});
refresh().catch(() => {});
