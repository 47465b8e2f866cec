/* graphkit network view: the search box.
 *
 * On a served page it asks /api/search (and expands the view to a result that is not drawn
 * yet); in an exported file it searches the page's own nodes. Results are written with
 * textContent only.
 */
(function () {
  "use strict";

  var view = window.graphkitView;
  var fold = window.graphkitUtil.fold;
  var el = window.graphkitUtil.el;
  var api = view.api;
  var records = view.records;
  var pick = view.pick;
  var focusNode = view.focusNode;
  var expand = view.expand;
  var fetchJSON = view.fetchJSON;
  var reportError = view.reportError;

  var searchInput = document.getElementById("gk-search-input");
  var resultsEl = document.getElementById("gk-search-results");
  var results = [];
  var active = -1;
  var searchSeq = 0;
  var searchTimer = null;

  function localSearch(query) {
    var q = fold(query.trim());
    if (!q) return [];
    var found = [];
    records.forEach(function (rec) {
      if (rec.group) return;
      var texts = [rec.id, rec.label].concat(Object.values(rec.labels), rec.alt_labels || [], Object.values(rec.short || {}));
      var best = -1;
      texts.forEach(function (t) {
        var f = fold(t);
        if (f === q) best = 3;
        else if (f.indexOf(q) === 0) best = Math.max(best, 2);
        else if (f.indexOf(q) > 0) best = Math.max(best, 1);
      });
      if (best >= 0) found.push({ id: rec.id, label: view.displayName(rec), full: view.fullName(rec), types: rec.types, score: best });
    });
    found.sort(function (a, b) { return b.score - a.score || a.label.localeCompare(b.label); });
    return found.slice(0, 10);
  }

  // The name of a hit in the page's language: its abbreviation, then its label.
  function hitName(r) {
    var lang = view.language();
    return (r.short && r.short[lang]) || (r.labels && pick(r.labels, "")) || r.label;
  }

  function hitFull(r) {
    return r.full || (r.labels && pick(r.labels, "")) || r.label;
  }

  function renderResults(list) {
    results = list;
    active = list.length ? 0 : -1;
    if (!list.length && searchInput.value.trim()) {
      var none = el("li", view.t("search.none"), "gk-none");
      resultsEl.replaceChildren(none);
      resultsEl.hidden = document.activeElement !== searchInput;
      return;
    }
    var items = list.map(function (r, i) {
      var name = hitName(r);
      var full = hitFull(r);
      var item = el("li", name);
      if (full && full !== name) item.append(el("span", full, "gk-full"));
      item.setAttribute("role", "option");
      item.dataset.id = r.id;
      item.setAttribute("aria-selected", i === active ? "true" : "false");
      var kind = "";
      if (r.types && r.types.length) {
        kind = r.type_labels && r.type_labels[r.types[0]] ? pick(r.type_labels[r.types[0]], "") : view.classLabel(r.types[0]);
      }
      item.append(el("span", kind || r.id, "gk-kind"));
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(r);
      });
      return item;
    });
    resultsEl.replaceChildren.apply(resultsEl, items);
    resultsEl.hidden = list.length === 0;
  }

  function choose(result) {
    resultsEl.hidden = true;
    searchInput.value = hitName(result);
    if (focusNode(result.id)) return Promise.resolve(result.id);
    if (!api) return Promise.resolve(null);
    return expand(result.id, false, result)
      .then(function () {
        focusNode(result.id);
        return result.id;
      })
      .catch(reportError);
  }

  function search(query) {
    var seq = ++searchSeq;
    if (!api) {
      renderResults(localSearch(query));
      return Promise.resolve(results);
    }
    if (!query.trim()) {
      renderResults([]);
      return Promise.resolve([]);
    }
    var url = api.search + "?limit=10&lang=" + view.language() + "&q=" + encodeURIComponent(query);
    return fetchJSON(url)
      .then(function (body) {
        if (seq === searchSeq) renderResults(body.results || []);
        return results;
      })
      .catch(reportError);
  }

  searchInput.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () { search(searchInput.value); }, api ? 150 : 50);
  });
  searchInput.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!results.length) return;
      active = (active + (event.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
      Array.prototype.forEach.call(resultsEl.children, function (item, i) {
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      event.preventDefault();
    } else if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(searchTimer);
      search(searchInput.value).then(function () {
        if (results.length) choose(results[Math.max(active, 0)]);
      });
    } else if (event.key === "Escape") {
      resultsEl.hidden = true;
    }
  });
  searchInput.addEventListener("blur", function () {
    resultsEl.hidden = true;
  });

  // The language switch: the open results again, in the new language.
  view.on("language", function () {
    if (!resultsEl.hidden && searchInput.value.trim()) search(searchInput.value);
  });

  view.search = search;
})();
