/* Progressive enhancement: save the current page while the person answers.
   Without JavaScript the page is saved by its "Enregistrer et continuer" button. */
(function () {
  "use strict";
  var form = document.querySelector("form.survey-form");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = document.getElementById("autosave-status");
  var timer = null;

  function show(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function time() {
    var now = new Date();
    return now.getHours() + " h " + String(now.getMinutes()).padStart(2, "0");
  }

  function save() {
    timer = null;
    var data = new FormData(form);
    data.delete("action");
    fetch(window.location.href, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-Autosave": "1", "Accept": "application/json" }
    }).then(function (response) {
      if (response.ok) {
        show("Réponses enregistrées automatiquement à " + time() + ".");
        return;
      }
      var tooLong = response.status === 400 && form.querySelector("textarea[name=commentaire]");
      (tooLong ? response.json() : Promise.reject()).then(function (body) {
        if (!(body.errors && body.errors.commentaire)) {
          throw new Error("other errors");
        }
        show("Enregistrement automatique impossible : votre commentaire dépasse la longueur " +
             "permise. Raccourcissez-le pour que la page soit enregistrée.");
      }).catch(function () {
        show("Enregistrement automatique impossible : vos réponses seront enregistrées " +
             "avec le bouton « Enregistrer et continuer ».");
      });
    }).catch(function () {
      show("Connexion interrompue : vos réponses seront enregistrées avec le bouton " +
           "« Enregistrer et continuer ».");
    });
  }

  function later(delay) {
    if (timer) {
      clearTimeout(timer);
    }
    timer = setTimeout(save, delay);
  }

  form.addEventListener("change", function () {
    later(700);
  });
  // A comment is saved while it is typed too (a pause of two seconds), not only when the
  // field is left: closing the page after typing loses nothing.
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") {
      later(2000);
    }
  });
})();
