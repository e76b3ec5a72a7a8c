// Refreshes the counts of a round of messages (queued, sent, failed) every few seconds,
// from the JSON of data-state-url, until nothing is left to send.
(function () {
  "use strict";
  var panel = document.getElementById("progression");
  if (!panel || !window.fetch) { return; }
  var url = panel.getAttribute("data-state-url");
  function show(state) {
    ["queued", "sent", "failed", "summary"].forEach(function (name) {
      var field = panel.querySelector('[data-field="' + name + '"]');
      if (field) { field.textContent = String(state[name]); }
    });
    return state.done;
  }
  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (state) {
        if (state && !show(state)) { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
