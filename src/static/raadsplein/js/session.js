/* Never lose typed text (issue 15), for logged-in members.
 *
 * 1. Shortly before the idle timeout, a dialog asks whether the member wants to stay logged in.
 *    Before it opens, the server is asked how long is left: another tab may have renewed the
 *    session. "Ingelogd blijven" renews it without leaving the page.
 * 2. After logging in again, the text that was typed when the session had ended comes back
 *    into the form that posts to the same address (common/keep_typed.py renders it as JSON).
 */
(function () {
  "use strict";

  var dialog = document.getElementById("session-warning");
  var announce = document.getElementById("session-announce");

  function restoreTyped() {
    var blob = document.getElementById("keep-typed");
    if (!blob) return;
    var saved;
    try {
      saved = JSON.parse(blob.textContent);
    } catch (error) {
      return;
    }
    var forms = Array.prototype.filter.call(document.forms, function (form) {
      return new URL(form.action, document.baseURI).pathname === saved.action;
    });
    var first = null;
    forms.forEach(function (form) {
      Object.keys(saved.data).forEach(function (name) {
        var values = saved.data[name];
        var fields = form.querySelectorAll("[name]");
        var index = 0;
        Array.prototype.forEach.call(fields, function (field) {
          if (field.name !== name || field.type === "file" || field.type === "hidden") return;
          if (field.type === "checkbox" || field.type === "radio") {
            field.checked = values.indexOf(field.value) !== -1;
          } else if (field.tagName === "SELECT" && field.multiple) {
            Array.prototype.forEach.call(field.options, function (option) {
              option.selected = values.indexOf(option.value) !== -1;
            });
          } else if (index < values.length) {
            field.value = values[index];
            index += 1;
            if (!first && field.value) first = field;
          }
        });
      });
    });
    if (first) first.focus();
  }

  function scheduleWarning() {
    if (!dialog || typeof dialog.showModal !== "function") return;
    var timeout = parseInt(dialog.dataset.timeout, 10);
    var warn = parseInt(dialog.dataset.warn, 10);
    var statusUrl = dialog.dataset.statusUrl;
    var form = dialog.querySelector("form");
    var stayButton = form.querySelector("button[type=submit]");
    var timer = null;
    var returnFocus = null;

    function show(state) {
      dialog.querySelectorAll("[data-session-state]").forEach(function (element) {
        element.hidden = element.dataset.sessionState !== state;
        // The site's styles give buttons a display of their own, which would beat [hidden].
        element.style.display = element.hidden ? "none" : "";
      });
    }

    function wait(seconds, then) {
      window.clearTimeout(timer);
      timer = window.setTimeout(then, Math.max(0, seconds) * 1000);
    }

    function left() {
      return fetch(statusUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        cache: "no-store",
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (data) {
          return data.remaining;
        });
    }

    function check() {
      left()
        .then(function (remaining) {
          if (remaining <= 0) {
            expired();
          } else if (remaining > warn + 2) {
            if (dialog.open) dialog.close();
            wait(remaining - warn, check);
          } else {
            open();
            wait(remaining + 1, check);
          }
        })
        .catch(function () {
          wait(30, check);
        });
    }

    function open() {
      show("warning");
      if (!dialog.open) {
        returnFocus = document.activeElement;
        dialog.showModal();
      }
      stayButton.focus();
    }

    function expired() {
      window.clearTimeout(timer);
      show("expired");
      if (!dialog.open) {
        returnFocus = document.activeElement;
        dialog.showModal();
      }
      dialog.querySelector("[data-session-close]").focus();
    }

    function close() {
      dialog.close();
    }

    dialog.addEventListener("close", function () {
      if (returnFocus && typeof returnFocus.focus === "function") returnFocus.focus();
      returnFocus = null;
    });
    dialog.querySelector("[data-session-close]").addEventListener("click", close);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (data) {
          if (data.remaining > 0) {
            close();
            announce.textContent = document.getElementById("session-extended-text").textContent;
            wait(data.remaining - warn, check);
          } else {
            expired();
          }
        })
        .catch(function () {
          expired();
        });
    });

    wait(timeout - warn, check);
  }

  restoreTyped();
  scheduleWarning();
})();
