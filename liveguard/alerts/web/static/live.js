/* Live view: a rolling transcript fed by Server-Sent Events; findings are highlighted as they arrive. */
"use strict";
(function () {
  var box = document.getElementById("live");
  if (!box) { return; }
  var caseBase = box.dataset.caseBase;
  var lines = {};
  function fmt(t) {
    var m = Math.floor(t / 60), s = Math.floor(t % 60);
    return (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }
  function render(ev) {
    var el = lines[ev.utterance_id];
    if (!el) {
      el = document.createElement("p");
      el.className = "line fresh";
      el.dataset.utterance = ev.utterance_id;
      lines[ev.utterance_id] = el;
      var waiting = box.querySelector(".waiting");
      if (waiting) { waiting.remove(); }
      box.appendChild(el);
    }
    el.textContent = "";
    var ts = document.createElement("span");
    ts.className = "t";
    ts.textContent = fmt(ev.t_start);
    el.appendChild(ts);
    var text = ev.text, pos = 0;
    (ev.marks || []).slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (mk) {
      if (mk[0] < pos) { return; }
      el.appendChild(document.createTextNode(text.slice(pos, mk[0])));
      var mark = document.createElement("mark");
      mark.className = "sev-" + mk[3];
      mark.title = mk[2];
      mark.textContent = text.slice(mk[0], mk[1]);
      el.appendChild(mark);
      pos = mk[1];
    });
    el.appendChild(document.createTextNode(text.slice(pos)));
    if (ev.marks && ev.marks.length) {
      el.classList.add("flagged");
      var a = document.createElement(ev.case_id ? "a" : "span");
      a.className = "flag";
      a.textContent = "⚑ " + ev.marks.map(function (m) { return m[2]; }).join(", ");
      if (ev.case_id) { a.href = caseBase + ev.case_id; }
      el.appendChild(a);
    }
    box.scrollTop = box.scrollHeight;
  }
  var source = new EventSource(box.dataset.events);
  source.addEventListener("line", function (msg) { render(JSON.parse(msg.data)); });
  source.addEventListener("end", function () { source.close(); });
})();
