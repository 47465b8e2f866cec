/* graphkit network view: search boxes — the one in the bar, and a factory for others.
 *
 * `view.searchBox(input, list, options)` turns an input and the list under it into a search
 * box: on a served page it asks /api/search, in an exported file it searches the page's own
 * nodes. The arrow keys move through the hits, Enter takes the marked one, Escape closes the
 * list, and open hits are asked again in a new language. `options.choose(hit)` is called with
 * the hit taken; `options.limit` is how many are asked for. The box in the bar focuses the view
 * on what it finds (expanding it to a result that is not drawn yet); the path finder's two ends
 * (pathfinder.js) are boxes too. Results are written with textContent only.
 */
(function () {
  "use strict";

  var view = window.graphkitView;
  var fold = window.graphkitUtil.fold;
  var el = window.graphkitUtil.el;
  var api = view.api;
  var pick = view.pick;

  function localSearch(query, limit) {
    var q = fold(query.trim());
    if (!q) return [];
    var found = [];
    view.records.forEach(function (rec) {
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
    return found.slice(0, limit);
  }

  // The name of a hit in the page's language: its abbreviation, then its label.
  function hitName(r) {
    var lang = view.language();
    return (r.short && r.short[lang]) || (r.labels && pick(r.labels, "")) || r.label || r.id;
  }

  function hitFull(r) {
    return r.full || (r.labels && pick(r.labels, "")) || r.label;
  }

  function hitKind(r) {
    if (!r.types || !r.types.length) return "";
    return r.type_labels && r.type_labels[r.types[0]] ? pick(r.type_labels[r.types[0]], "") : view.classLabel(r.types[0]);
  }

  /* A search box over `input` (type="search") and `list` (the <ul> of hits, hidden).
   *
   * Returns {search(query)}: a Promise of the hits, the list drawn.
   */
  function searchBox(input, list, options) {
    var limit = options.limit || 10;
    var results = [];
    var active = -1;
    var shownFor = null; // the text the hits shown were found for
    var seq = 0;
    var timer = null;

    function render(hits) {
      results = hits;
      shownFor = input.value;
      active = hits.length ? 0 : -1;
      if (!hits.length && input.value.trim()) {
        list.replaceChildren(el("li", view.t("search.none"), "gk-none"));
        list.hidden = document.activeElement !== input;
        return;
      }
      var items = hits.map(function (r, i) {
        var name = hitName(r);
        var full = hitFull(r);
        var item = el("li", name);
        if (full && full !== name) item.append(el("span", full, "gk-full"));
        item.setAttribute("role", "option");
        item.dataset.id = r.id;
        item.setAttribute("aria-selected", i === active ? "true" : "false");
        item.append(el("span", hitKind(r) || r.id, "gk-kind"));
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          take(r);
        });
        return item;
      });
      list.replaceChildren.apply(list, items);
      list.hidden = hits.length === 0;
    }

    function take(hit) {
      list.hidden = true;
      input.value = hitName(hit);
      return options.choose(hit);
    }

    function search(query) {
      var mine = ++seq;
      if (!api) {
        render(localSearch(query, limit));
        return Promise.resolve(results);
      }
      if (!query.trim()) {
        render([]);
        return Promise.resolve([]);
      }
      var url = api.search + "?limit=" + limit + "&lang=" + view.language() + "&q=" + encodeURIComponent(query);
      return view.fetchJSON(url)
        .then(function (body) {
          if (mine === seq) render(body.results || []);
          return results;
        })
        .catch(view.reportError);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { search(input.value); }, api ? 150 : 50);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!results.length) return;
        active = (active + (event.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
        Array.prototype.forEach.call(list.children, function (item, i) {
          item.setAttribute("aria-selected", i === active ? "true" : "false");
        });
        event.preventDefault();
      } else if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(timer);
        // The hits shown are for this text: take the one marked (the arrow keys moved it).
        if (shownFor === input.value && results.length) {
          take(results[Math.max(active, 0)]);
          return;
        }
        search(input.value).then(function () {
          if (results.length) take(results[Math.max(active, 0)]);
        });
      } else if (event.key === "Escape") {
        list.hidden = true;
      }
    });
    input.addEventListener("blur", function () {
      list.hidden = true;
    });

    // The language switch: the open hits again, in the new language.
    view.on("language", function () {
      if (!list.hidden && input.value.trim()) search(input.value);
    });

    return { search: search };
  }

  // The box in the bar: the view goes to what is chosen, expanded to it when not drawn yet.
  function goTo(result) {
    if (view.focusNode(result.id)) return Promise.resolve(result.id);
    if (!api) return Promise.resolve(null);
    return view.expand(result.id, false, result)
      .then(function () {
        view.focusNode(result.id);
        return result.id;
      })
      .catch(view.reportError);
  }

  var bar = searchBox(document.getElementById("gk-search-input"), document.getElementById("gk-search-results"), {
    limit: 10,
    choose: goTo,
  });

  view.search = bar.search;
  view.searchBox = searchBox;
})();
