/* A copy button beside a calendar address (issue 15): <button data-copy="id-of-the-field">.
 * Without JavaScript the button stays hidden and the address can be selected in its field. The
 * result is said in the status line named by data-copy-status (a live region). */
(function () {
  "use strict";

  function copyBySelecting(field) {
    field.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      function say(copied) {
        if (!status) return;
        status.textContent = button.getAttribute(copied ? "data-copied" : "data-not-copied");
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { say(true); },
          function () { say(copyBySelecting(field)); button.focus(); }
        );
      } else {
        say(copyBySelecting(field));
        button.focus();
      }
    });
  });
})();
