// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Move focus to the message after a save or an error, so screen-reader
  // users hear it first.
  document.addEventListener("DOMContentLoaded", function () {
    var target = document.querySelector("[data-focus-on-load]");
    if (target) { target.focus(); }
  });

  // Results as you type in the jurisdiction search box.
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-suggest-url]");
    if (!form) { return; }
    var input = form.querySelector("input[name=q]");
    var state = form.querySelector("select[name=state]");
    var box = form.querySelector(".suggestions");
    // The words come from the page (data-text-*), in its language.
    function words(name, fallback) { return form.getAttribute("data-text-" + name) || fallback; }
    var numberLocale = (document.documentElement.lang || "en") + "-US";
    var timer = null;
    var latest = 0;

    function render(items, query) {
      box.textContent = "";
      if (!query || query.length < 2) { return; }
      var status = document.createElement("p");
      status.textContent = items.length ? words("count", "{count} suggestions").replace("{count}", items.length)
                                        : words("none", "No matches yet");
      box.appendChild(status);
      if (!items.length) { return; }
      var list = document.createElement("ul");
      items.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = item.url;
        var population = item.population ? ", " + words("population", "population {number}")
          .replace("{number}", item.population.toLocaleString(numberLocale)) : "";
        a.textContent = item.name + ", " + item.state + " (" + item.kind + population + ")";
        li.appendChild(a);
        list.appendChild(li);
      });
      box.appendChild(list);
    }

    function lookup() {
      var query = input.value.trim();
      var ticket = ++latest;
      if (query.length < 2) { render([], query); return; }
      var url = form.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(query);
      if (state && state.value) { url += "&state=" + encodeURIComponent(state.value); }
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) { if (ticket === latest) { render(items, query); } })
        .catch(function () { /* the Search button still works */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, 200);
    });
  });
})();
