/* Progressive enhancement: a character counter under each textarea with data-max-length.
   What it shows is visual and immediate; what a screen reader hears is a polite message,
   given once the person pauses, so that it never speaks over the typing. The server counts
   the same way (characters, not UTF-16 units; a line break is one) and refuses a longer
   text with a message, keeping it: nothing here cuts or blocks the typing. */
(function () {
  "use strict";

  function length(text) {
    return Array.from(text.replace(/\r\n/g, "\n").trim()).length;
  }

  function grouped(number) {
    return String(number).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
  }

  function message(count, max) {
    if (count > max) {
      var over = count - max;
      return grouped(over) + " caractère" + (over > 1 ? "s" : "") + " de trop (" +
        grouped(count) + " sur " + grouped(max) + ")\u202f: raccourcissez votre commentaire.";
    }
    var left = max - count;
    return "Encore " + grouped(left) + " caractère" + (left > 1 ? "s" : "") +
      " possible" + (left > 1 ? "s" : "") + " (" + grouped(count) + " sur " + grouped(max) + ").";
  }

  document.querySelectorAll("textarea[data-max-length]").forEach(function (area) {
    var max = parseInt(area.getAttribute("data-max-length"), 10);
    var shown = document.createElement("p");
    shown.className = "small muted character-count";
    shown.id = area.id + "-compteur";
    shown.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("p");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    spoken.id = area.id + "-compteur-annonce";
    area.insertAdjacentElement("afterend", spoken);
    area.insertAdjacentElement("afterend", shown);
    var timer = null;

    function update() {
      var count = length(area.value);
      var text = message(count, max);
      shown.textContent = text;
      shown.classList.toggle("over", count > max);
      area.classList.toggle("invalid", count > max);
      if (timer) {
        clearTimeout(timer);
      }
      timer = setTimeout(function () {
        spoken.textContent = text;
      }, 1000);
    }

    area.addEventListener("input", update);
    shown.textContent = message(length(area.value), max);
    shown.classList.toggle("over", length(area.value) > max);
  });
})();
