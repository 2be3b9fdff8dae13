// The desk's keyboard shortcuts: Alt+<letter> presses the button or follows the link whose
// aria-keyshortcuts says so (each shows its key beside its name). Without this script every
// action is still reached with Tab and Enter.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey || !/^Key[A-Z]$/.test(event.code)) {
      return;
    }
    var wanted = "Alt+" + event.code.slice(3);
    var targets = document.querySelectorAll('[aria-keyshortcuts="' + wanted + '"]');
    for (var i = 0; i < targets.length; i++) {
      var target = targets[i];
      if (target.offsetParent !== null || target.getClientRects().length) {
        event.preventDefault();
        target.focus();
        target.click();
        return;
      }
    }
  });
})();
