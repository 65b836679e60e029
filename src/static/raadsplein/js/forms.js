// A form without an action posts to the page's own address, fragment included. After the skip
// link that address ends in "#inhoud", and a page that comes back with errors then has that
// fragment: browsers skip `autofocus` on such a page and focus the fragment's target, so the
// error summary is not read out. Such forms post to the address without its fragment.
(function () {
  "use strict";
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (form instanceof HTMLFormElement && !form.hasAttribute("action") && location.hash) {
        form.setAttribute("action", location.pathname + location.search);
      }
    },
    true
  );
})();
