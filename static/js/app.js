// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  function dismiss(toast) {
    toast.classList.add("toast-leaving");
    window.setTimeout(function () { toast.remove(); }, 200);
  }

  // Close buttons on toasts, including toasts swapped in later by HTMX.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-dismiss]");
    if (button) { dismiss(button.closest("[data-toast]")); }
  });

  // Success and info toasts leave by themselves; errors stay until dismissed.
  function scheduleAutoDismiss(root) {
    root.querySelectorAll("[data-toast]:not(.toast-error):not([data-timed])").forEach(function (toast) {
      toast.setAttribute("data-timed", "");
      window.setTimeout(function () { if (toast.isConnected) { dismiss(toast); } }, 6000);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { scheduleAutoDismiss(document); });
  document.addEventListener("htmx:afterSettle", function () { scheduleAutoDismiss(document); });
})();
