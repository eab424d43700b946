/* Queue keyboard shortcuts: j/k move, Enter opens, c confirms, d dismisses the selected case. */
"use strict";
(function () {
  var table = document.getElementById("queue");
  if (!table) { return; }
  var base = table.dataset.decideUrl;
  var rows = function () { return Array.prototype.slice.call(table.querySelectorAll("tr.case")); };
  var idx = 0;
  function select(i) {
    var r = rows();
    if (!r.length) { return; }
    idx = Math.max(0, Math.min(i, r.length - 1));
    r.forEach(function (row, n) { row.classList.toggle("selected", n === idx); });
    r[idx].scrollIntoView({ block: "nearest" });
  }
  function decide(action) {
    var row = rows()[idx];
    if (!row || row.classList.contains("done")) { return; }
    var reason = action === "dismiss" ? "false_positive" : "";
    LG.post(base + "/" + row.dataset.caseId + "/decision", { action: action, reason: reason })
      .then(function (resp) {
        if (!resp.ok) { throw new Error("HTTP " + resp.status); }
        return resp.json();
      })
      .then(function (data) {
        row.classList.add("done");
        row.querySelector(".status").textContent = data.status_label || data.status;
        select(idx + 1);
      })
      .catch(function (err) { row.title = String(err); row.classList.add("failed"); });
  }
  table.addEventListener("click", function (ev) {
    var row = ev.target.closest("tr.case");
    if (row && ev.target.tagName !== "A") { window.location = row.dataset.href; }
  });
  document.addEventListener("keydown", function (ev) {
    if (LG.typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (ev.key === "j") { select(idx + 1); }
    else if (ev.key === "k") { select(idx - 1); }
    else if (ev.key === "Enter") { var r = rows()[idx]; if (r) { window.location = r.dataset.href; } }
    else if (ev.key === "c") { decide("confirm"); }
    else if (ev.key === "d") { decide("dismiss"); }
    else { return; }
    ev.preventDefault();
  });
  select(0);

  // New cases arrive while a stream plays: look every 10 s and offer a reload (never reorder
  // the rows under the reviewer's keyboard on its own).
  var known = {};
  rows().forEach(function (r) { known[r.dataset.caseId] = true; });
  var banner = document.getElementById("new-cases");
  function poll() {
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (resp) { return resp.ok ? resp.text() : ""; })
      .then(function (html) {
        if (!html || !banner) { return; }
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = Array.prototype.filter.call(doc.querySelectorAll("tr.case"), function (r) {
          return !known[r.dataset.caseId];
        });
        if (fresh.length) {
          banner.hidden = false;
          banner.querySelector(".n").textContent = String(fresh.length);
        }
      })
      .catch(function () { /* offline for a moment: try again next time */ });
  }
  LG.pollQueue = poll;
  window.setInterval(poll, 10000);
})();
