/* Case page: start each clip at the flagged span; c/d submit the decision form. */
"use strict";
(function () {
  document.querySelectorAll("audio.clip").forEach(function (audio) {
    var offset = parseFloat(audio.dataset.offset || "0") || 0;
    var seek = function () {
      if (offset > 0 && audio.currentTime < offset - 0.05) { audio.currentTime = offset; }
    };
    audio.addEventListener("loadedmetadata", seek, { once: true });
    if (audio.readyState >= 1) { seek(); }
  });
  var form = document.getElementById("decide");
  if (!form) { return; }
  document.addEventListener("keydown", function (ev) {
    if (LG.typing(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var btn = null;
    if (ev.key === "c") { btn = document.getElementById("btn-confirm"); }
    if (ev.key === "d") { btn = document.getElementById("btn-dismiss"); }
    if (btn) { ev.preventDefault(); btn.click(); }
  });
})();
