// The restitution mode: one slide at a time (← →, Page préc./suiv., Début, Fin), a counter,
// the « Plein écran » button; Échap leaves full screen, then returns to the campaign page.
// Without this script every slide shows, one under the other. Nothing is fetched.
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  var controls = document.querySelector(".deck-controls");
  if (!slides.length || !controls) { return; }
  var counter = controls.querySelector("[data-counter]");
  var announce = document.querySelector("[data-announce]");
  var previous = controls.querySelector('[data-go="previous"]');
  var next = controls.querySelector('[data-go="next"]');
  var fullscreen = controls.querySelector("[data-fullscreen]");
  var current = -1;

  function fromHash() {
    var match = /^#diapo-(\d+)$/.exec(window.location.hash);
    var number = match ? parseInt(match[1], 10) : 1;
    return Math.min(Math.max(number, 1), slides.length) - 1;
  }

  function show(index, speak) {
    index = Math.min(Math.max(index, 0), slides.length - 1);
    if (index === current) { return; }
    var leaving = current >= 0 ? slides[current] : null;
    var focusInside = leaving && leaving.contains(document.activeElement);
    slides.forEach(function (slide, position) { slide.hidden = position !== index; });
    current = index;
    var label = (index + 1) + " / " + slides.length;
    counter.textContent = label;
    previous.disabled = index === 0;
    next.disabled = index === slides.length - 1;
    if (speak) {  // a move, not the first slide shown: the address names the slide
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", "#diapo-" + (index + 1));
      }
      announce.textContent = "Diapositive " + (index + 1) + " sur " + slides.length + " : " +
        slides[index].getAttribute("data-title");
    }
    if (focusInside) { slides[index].focus(); }
  }

  document.documentElement.classList.add("deck-on");
  [previous, next, controls.querySelector(".deck-counter")].forEach(function (element) {
    element.hidden = false;
  });
  previous.addEventListener("click", function () { show(current - 1, true); });
  next.addEventListener("click", function () { show(current + 1, true); });
  if (fullscreen && document.fullscreenEnabled) {
    fullscreen.hidden = false;
    fullscreen.addEventListener("click", function () {
      if (document.fullscreenElement) { document.exitFullscreen(); }
      else { document.documentElement.requestFullscreen(); }
    });
    document.addEventListener("fullscreenchange", function () {
      fullscreen.textContent = document.fullscreenElement ? "Quitter le plein écran" : "Plein écran";
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var moves = {
      ArrowRight: 1, ArrowDown: 1, PageDown: 1,
      ArrowLeft: -1, ArrowUp: -1, PageUp: -1
    };
    if (event.key in moves) {
      show(current + moves[event.key], true);
    } else if (event.key === "Home") {
      show(0, true);
    } else if (event.key === "End") {
      show(slides.length - 1, true);
    } else if (event.key === "Escape") {
      if (document.fullscreenElement) { document.exitFullscreen(); }
      else { window.location.assign(controls.getAttribute("data-back")); }
    } else {
      return;
    }
    event.preventDefault();
  });
  window.addEventListener("hashchange", function () { show(fromHash(), true); });
  show(fromHash(), false);
})();
