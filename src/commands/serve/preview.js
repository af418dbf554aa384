// The preview page of `faqpress serve`: asks the server for its state on
// every build (server-sent events) and updates the page in place, keeping
// where the reader is scrolled to. All text from the server is set as text.
// The PDF pages are the release's, or with "Redline from" ticked those of
// its redline against an earlier release (by default the one before).
"use strict";

const params = new URLSearchParams(location.search);
const wanted = params.get("release");
// The release the redline is from; "" for none.
let redline = params.get("redline") || "";
let shown = -1;
let shownPages = "";

async function refresh() {
  const query = new URLSearchParams({ redline });
  if (wanted) query.set("release", wanted);
  const response = await fetch("/state?" + query, { cache: "no-store" });
  const state = await response.json();
  document.getElementById("title").textContent = state.title;
  document.title = state.title + " – faqpress preview";
  document.getElementById("status").textContent = state.status;
  releases(state);
  redlineSwitch(state);
  const box = document.getElementById("diagnostics");
  document.getElementById("diagnostic-text").textContent = state.error || "";
  box.hidden = !state.error;
  if (state.good !== shown && state.good > 0) {
    shown = state.good;
    // The pages are asked for once the edition has loaded: drawing them
    // would otherwise hold up the edition, which the writer reads first.
    edition(state.good, () => showPages(state));
  } else {
    showPages(state);
  }
}

function options(select, versions, value) {
  if (select.options.length !== versions.length || [...select.options].some((o, i) => o.value !== versions[i])) {
    select.replaceChildren(...versions.map((version) => {
      const option = document.createElement("option");
      option.value = version;
      option.textContent = version;
      return option;
    }));
  }
  if (value !== null) select.value = value;
}

function releases(state) {
  options(document.getElementById("release"), state.releases, state.release);
}

// The releases before the one shown; the redline's own, or the one before.
function redlineSwitch(state) {
  const earlier = state.releases.slice(0, Math.max(0, state.releases.indexOf(state.release)));
  const select = document.getElementById("redline-from");
  const box = document.getElementById("redline");
  const from = state.redline ? state.redline.from : earlier.includes(redline) ? redline : null;
  options(select, earlier, from !== null ? from : earlier.length ? earlier[earlier.length - 1] : null);
  select.disabled = box.disabled = earlier.length === 0;
  box.checked = redline !== "" && earlier.length > 0;
}

function showPages(state) {
  const on = redline !== "" && state.redline;
  const good = on ? state.redline.good : state.good;
  const key = (on ? "redline/" : "pages/") + good;
  if (good <= 0 || key === shownPages) return;
  shownPages = key;
  document.getElementById("pages-heading").textContent = on
    ? "Redline: the changes from " + state.redline.from + " to " + state.release + ", PDF pages"
    : "PDF pages";
  pages(on ? "/redline/" : "/pages/", on ? "Redline page " : "PDF page ", good, on ? state.redline.pages : state.pages);
}

function edition(generation, then) {
  const frame = document.getElementById("edition");
  const view = frame.contentWindow;
  const y = view && view.location.href !== "about:blank" ? view.scrollY : 0;
  frame.onload = () => {
    frame.contentWindow.scrollTo(0, y);
    then();
  };
  frame.src = "/edition?g=" + generation;
}

function pages(prefix, name, generation, count) {
  const box = document.getElementById("pages");
  let images = box.querySelectorAll("img");
  for (let i = images.length; i < count; i++) {
    const img = document.createElement("img");
    img.loading = "lazy";
    img.decoding = "async";
    box.appendChild(img);
  }
  images = box.querySelectorAll("img");
  images.forEach((img, i) => {
    if (i >= count) img.remove();
    else {
      img.alt = name + (i + 1);
      img.src = prefix + (i + 1) + ".png?g=" + generation;
    }
  });
}

// Keeps the address in step, so that a reload shows the same.
function remember() {
  const query = new URLSearchParams();
  if (wanted) query.set("release", wanted);
  if (redline) query.set("redline", redline);
  history.replaceState(null, "", query.size ? "?" + query : location.pathname);
}

function switchRedline() {
  const box = document.getElementById("redline");
  redline = box.checked ? document.getElementById("redline-from").value : "";
  remember();
  refresh().catch(() => {});
}

document.getElementById("release").addEventListener("change", (event) => {
  // Another release: its redline, if shown, is from the one before it.
  const select = event.target;
  const query = new URLSearchParams({ release: select.value });
  if (redline && select.selectedIndex > 0) query.set("redline", select.options[select.selectedIndex - 1].value);
  location.search = "?" + query;
});
document.getElementById("redline").addEventListener("change", switchRedline);
document.getElementById("redline-from").addEventListener("change", switchRedline);
new EventSource("/events").onmessage = () => refresh().catch(() => {});
refresh().catch(() => {});
