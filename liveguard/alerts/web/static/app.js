/* Shared helpers: CSRF-aware form posting for the keyboard shortcuts and live pages. */
"use strict";
window.LG = {
  csrf: function () {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.content : "";
  },
  post: function (url, fields) {
    var body = new URLSearchParams(fields || {});
    body.set("csrf_token", LG.csrf());
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRF-Token": LG.csrf(), "Accept": "application/json" }
    });
  },
  typing: function (ev) {
    var t = ev.target && ev.target.tagName;
    return t === "INPUT" || t === "TEXTAREA" || t === "SELECT";
  }
};
