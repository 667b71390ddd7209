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

  // An HTMX request that fails (503 while the database or job queue is down, or no answer)
  // is not swapped in: say so in an error toast, with the server's sentence when it sent one.
  function errorToast(words) {
    var region = document.getElementById("toasts");
    if (!region) { return; }
    var toast = document.createElement("div");
    toast.className = "toast toast-error";
    toast.setAttribute("role", "alert");
    toast.setAttribute("data-toast", "");
    var text = document.createElement("p");
    text.textContent = words;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.setAttribute("aria-label", "Dismiss");
    close.setAttribute("data-dismiss", "");
    close.textContent = "\u00d7";
    toast.appendChild(text);
    toast.appendChild(close);
    region.appendChild(toast);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var words = "Something went wrong (HTTP " + event.detail.xhr.status + "); nothing was changed. Try again in a moment.";
    try {
      var body = JSON.parse(event.detail.xhr.responseText);
      if (body && body.message) { words = body.message; }
    } catch (ignored) { /* not JSON: keep the general sentence */ }
    errorToast(words);
  });
  document.addEventListener("htmx:sendError", function () {
    errorToast("Consigliere could not be reached; check your connection and try again.");
  });
})();

// The approval queue: keys (j/k/a/r/e/x/?), focus and selections kept across live updates,
// and new actions announced to screen readers. The queue works without any of this.
(function () {
  "use strict";

  var CARD = "[data-action-card]";

  function queue() { return document.getElementById("queue"); }
  function cards() { return Array.prototype.slice.call(document.querySelectorAll("#queue " + CARD)); }
  function current() {
    var active = document.activeElement;
    return (active && active.closest && active.closest(CARD)) || null;
  }
  function focusCard(card) {
    if (!card) { return; }
    card.focus();
    card.scrollIntoView({ block: "nearest" });
  }
  function move(step) {
    var all = cards();
    if (!all.length) { return; }
    var index = all.indexOf(current());
    var next = index < 0 ? 0 : Math.min(all.length - 1, Math.max(0, index + step));
    focusCard(all[next]);
  }
  function inCard(selector) {
    var card = current() || cards()[0];
    return card ? card.querySelector(selector) : null;
  }
  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable=true]") !== null;
  }

  document.addEventListener("keydown", function (event) {
    if (!queue() || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var dialog = document.getElementById("keys-help");
    if (dialog && dialog.open) { return; }
    var element = null;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": element = inCard("[data-approve]"); if (element) { element.click(); } break;
      case "r": element = inCard("[data-reason]"); if (element) { element.focus(); } break;
      case "e": element = inCard("[data-edit]"); if (element) { element.click(); } break;
      case "x":
        element = inCard("[data-select]");
        if (element) { element.checked = !element.checked; }
        break;
      case "?": if (dialog && dialog.showModal) { dialog.showModal(); } break;
      default: return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-keys-open]")) {
      var dialog = document.getElementById("keys-help");
      if (dialog && dialog.showModal) { dialog.showModal(); }
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-keys-open]").forEach(function (b) { b.hidden = false; });
  });

  // Before a live update replaces cards, remember what the person had: the focused card or
  // field, ticked boxes, typed words. Afterwards put them back, and say what changed.
  var kept = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !(target.id === "queue" || target.id === "decided-cards" || target.matches(CARD))) { return; }
    var active = document.activeElement;
    var card = current();
    kept = {
      focusId: active && active.id && active.closest("#queue") ? active.id : null,
      cardId: card ? card.id : null,
      cardIndex: card ? cards().indexOf(card) : -1,
      wasPending: card ? card.getAttribute("data-status") === "pending_approval" : false,
      checked: Array.prototype.map.call(
        document.querySelectorAll("#queue [data-select]:checked"), function (box) { return box.value; }),
      typed: Array.prototype.map.call(
        document.querySelectorAll("#queue input[type=text][id], #queue input:not([type])[id]"),
        function (input) { return [input.id, input.value]; }).filter(function (pair) { return pair[1]; }),
      pending: queue() ? Number(queue().getAttribute("data-pending") || 0) : 0,
      wholeQueue: target.id === "queue"
    };
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!kept) { return; }
    var memory = kept;
    kept = null;
    memory.checked.forEach(function (value) {
      var box = document.querySelector('#queue [data-select][value="' + value + '"]');
      if (box) { box.checked = true; }
    });
    memory.typed.forEach(function (pair) {
      var input = document.getElementById(pair[0]);
      if (input && !input.value) { input.value = pair[1]; }
    });
    var field = memory.focusId && document.getElementById(memory.focusId);
    var card = memory.cardId && document.getElementById(memory.cardId);
    if (field && field.closest(CARD) && field.closest(CARD).getAttribute("data-status") === "pending_approval") {
      field.focus();
    } else if (card && !(memory.wasPending && card.getAttribute("data-status") !== "pending_approval")) {
      if (memory.cardId) { card.focus({ preventScroll: true }); }
    } else if (memory.cardIndex >= 0) {
      // The card was decided or left: go on to the next one still waiting.
      var waiting = cards().filter(function (c) { return c.getAttribute("data-status") === "pending_approval"; });
      focusCard(waiting[Math.min(memory.cardIndex, waiting.length - 1)] || cards()[0]);
    }
    var list = queue();
    var announce = document.getElementById("queue-announce");
    if (memory.wholeQueue && list && announce) {
      var now = Number(list.getAttribute("data-pending") || 0);
      if (now > memory.pending) {
        announce.textContent = (now - memory.pending) + " new action" + (now - memory.pending === 1 ? "" : "s") + " waiting for approval.";
      } else if (now < memory.pending) {
        announce.textContent = now + " action" + (now === 1 ? "" : "s") + " waiting.";
      }
    }
  });
})();
