// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Loaded in <head> (not deferred): from here on the page is scripted, so the phone menu may start folded.
  document.documentElement.classList.add("js");

  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the first error summary so screen-reader users hear what went wrong.
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    } else {
      // A page that shows the outcome of what the person just did (a quiz result, "your details are saved") marks
      // it: focus goes there, so a screen reader reads it at once (a message present at load is not announced).
      var outcome = document.querySelector("[data-focus-on-load]");
      if (outcome) {
        if (!outcome.hasAttribute("tabindex")) { outcome.setAttribute("tabindex", "-1"); }
        outcome.focus();
      }
    }
    // Buttons that ask before a destructive action: <button data-confirm="…">.
    document.querySelectorAll("[data-confirm]").forEach(function (el) {
      el.addEventListener("click", function (e) {
        if (!window.confirm(el.getAttribute("data-confirm"))) { e.preventDefault(); }
      });
    });

    // Phone header: the menu button shows and hides the navigation, search and display settings.
    // Wide screens never fold them (CSS); without this script they are simply always shown.
    var button = document.querySelector(".menu-button[aria-controls]");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (button && menu) {
      var setOpen = function (open) {
        button.setAttribute("aria-expanded", open ? "true" : "false");
        menu.classList.toggle("is-open", open);
      };
      button.addEventListener("click", function () {
        setOpen(button.getAttribute("aria-expanded") !== "true");
      });
      // Escape closes the menu and puts the keyboard back on its button.
      document.addEventListener("keydown", function (e) {
        if (e.key === "Escape" && button.getAttribute("aria-expanded") === "true"
            && (menu.contains(document.activeElement) || document.activeElement === button)) {
          setOpen(false);
          button.focus();
        }
      });
    }
  });
})();
