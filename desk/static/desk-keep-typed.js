// A part of a form that the desk redraws (htmx) keeps what the person typed or chose in it
// while the redraw was on its way. The server drew each control from the form as it was sent,
// so the control as it stands on the page when the redraw lands is newer: its value, and the
// caret of the one being typed in, are carried into the control of the same id that replaces
// it. A control the redraw leaves out (a question no longer asked) is gone with its answer.
(function () {
  "use strict";
  var CONTROLS = "input[id]:not([type=hidden]):not([type=submit]):not([type=button]), select[id], textarea[id]";
  var typed = null;

  function ticked(control) {
    return control.type === "checkbox" || control.type === "radio";
  }

  function offered(select, value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) {
        return true;
      }
    }
    return false;
  }

  function caretOf(control) {
    if (control !== document.activeElement || typeof control.selectionStart !== "number") {
      return null; // not being typed in, or without a caret (a list, a box to tick)
    }
    return { start: control.selectionStart, end: control.selectionEnd };
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    typed = null;
    if (!event.detail.shouldSwap) {
      return;
    }
    typed = {};
    var controls = event.detail.target.querySelectorAll(CONTROLS);
    for (var i = 0; i < controls.length; i++) {
      var control = controls[i];
      typed[control.id] = {
        value: ticked(control) ? control.checked : control.value,
        caret: caretOf(control),
      };
    }
  });

  document.addEventListener("htmx:afterSwap", function () {
    var kept = typed;
    typed = null;
    for (var id in kept) {
      var control = document.getElementById(id);
      var was = kept[id];
      if (!control || !control.matches(CONTROLS)) {
        continue;
      }
      if (ticked(control)) {
        control.checked = was.value;
      } else if (control.value !== was.value && (control.tagName !== "SELECT" || offered(control, was.value))) {
        control.value = was.value;
        if (was.caret && control === document.activeElement) {
          control.setSelectionRange(was.caret.start, was.caret.end);
        }
      }
    }
  });
})();
