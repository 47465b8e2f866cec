/* graphkit network view: the analysis panel (issue 15) — measures, period, paths.
 *
 * - Colour by class (the drawing's own colours) or by community, size by the links in view or
 *   by one measure (degree, betweenness, closeness, PageRank, eigenvector). Measures and
 *   communities come from the analytics API for the network the page shows (its focus, depth,
 *   classes and period: `data.selection`), asked once, when first wanted. That network leaves
 *   out classification (topics, concepts, source documents): nodes not in it are grey, or the
 *   smallest. A legend lists the communities with their colour and how many are in view.
 * - A period slider (two year handles over the years of the dated entries) loads the page
 *   again with `from`/`to` (the hash, and so the expansions, kept); "all time" without.
 * - A path finder: two ends searched as in the search box, the k shortest paths from the
 *   path API (in the page's period); the chosen path's nodes and links highlighted and the
 *   rest dimmed, its steps listed with their sources and quotes. Nodes the paths bring are
 *   drawn and go again on "clear", which restores the view.
 * The choices live in the URL hash (`colour`, `size`, `path`, `pathi`) like the view's other
 * state. An exported file has no API: it has no panel. Every text is written with
 * textContent; every UI word comes from view.t (graphkit/ui_text.py).
 */
(function () {
  "use strict";

  var view = window.graphkitView;
  var util = window.graphkitUtil;
  var el = util.el;
  var api = view.api;
  var section = document.getElementById("gk-analysis");
  if (!section) return;
  if (!api || !api.analytics) {
    section.hidden = true;
    return;
  }

  var MEASURES = ["degree", "betweenness", "closeness", "pagerank", "eigenvector"];
  var COMMUNITY_COLOURS = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#17becf", "#bcbd22", "#6b6ecf",
  ];
  var OUTSIDE_COLOUR = "#c4c9cf"; // nodes the analysed network leaves out
  var MIN_SIZE = 8;
  var MAX_SIZE = 42;
  var PATH_COLOUR = "#d9480f";
  var DIMMED = 0.18; // opacity of what is not on the chosen path
  var PATHS_WANTED = 5;
  var PATH_MAX_LENGTH = 6;
  var GK = "https://w3id.org/graphkit/ontology#";
  var SCHEMA = ["http://schema.org/", "https://schema.org/"];
  var DATE_PREDICATES = [GK + "startDate", GK + "endDate"].concat(
    SCHEMA.map(function (s) { return s + "startDate"; }), SCHEMA.map(function (s) { return s + "endDate"; })
  );

  var chosen = view.selectionQuery(); // how the view was chosen: focus, depth, type, from, to, undated
  var hash = new URLSearchParams(location.hash.slice(1));
  var colourBy = hash.get("colour") === "community" ? "community" : "class";
  var sizeBy = MEASURES.indexOf(hash.get("size")) >= 0 ? hash.get("size") : "";
  var pathEnds = (hash.get("path") || "").split(" ").filter(Boolean);
  var pathIndex = Number(hash.get("pathi")) || 0;

  function t(key, values) {
    return view.t(key, values);
  }

  function nameOf(id) {
    var rec = view.records.get(id);
    return rec ? view.displayName(rec) : id;
  }

  function option(value, key) {
    var item = el("option", t(key));
    item.value = value;
    item.dataset.t = key;
    return item;
  }

  function field(key, control) {
    var label = el("label", null, "gk-an-field");
    var words = el("span", t(key));
    words.dataset.t = key;
    label.append(words, control);
    return label;
  }

  // --- measures and communities ----------------------------------------------------------------

  var measured = null; // Promise of Map id -> node of the node-link answer
  var byId = null;

  function networkQuery(withPeriod) {
    var q = new URLSearchParams();
    q.set("format", "node-link");
    if (chosen.focus) {
      q.set("focus", chosen.focus);
      q.set("depth", String(Math.min(Math.max(Number(chosen.depth) || 1, 1), 4)));
    }
    (chosen.type || []).forEach(function (type) { q.append("type", type); });
    if (withPeriod) {
      ["from", "to", "as_of", "undated"].forEach(function (name) {
        if (chosen[name]) q.set(name, chosen[name]);
      });
    }
    return q;
  }

  function loadMeasures() {
    if (measured) return measured;
    var q = networkQuery(true);
    q.set("with", ["community"].concat(MEASURES).join(","));
    section.dataset.state = "loading";
    view.say(t("analysis.loading"), true);
    measured = view.fetchJSON(api.analytics + "export?" + q.toString()).then(function (answer) {
      byId = new Map((answer.nodes || []).map(function (node) { return [String(node.id), node]; }));
      view.say("");
      section.dataset.state = "ready";
      return byId;
    });
    measured.catch(function (error) {
      measured = null;
      section.dataset.state = "failed";
      view.reportError(error);
    });
    return measured;
  }

  function communityColour(number) {
    if (number < COMMUNITY_COLOURS.length) return COMMUNITY_COLOURS[number];
    return "hsl(" + Math.round((number * 137.508) % 360) + ", 45%, 55%)";
  }

  // --- restyling the drawing -------------------------------------------------------------------

  var base = new Map(); // node id -> {color, size} as the drawing made it
  var restyled = false; // whether any node or edge carries this panel's style
  var highlight = null; // {nodes: Set, edges: Set} of the chosen path

  function remember() {
    view.nodes.forEach(function (n) {
      if (!base.has(n.id)) base.set(n.id, { color: n.color, size: n.size });
    });
  }

  // The colour, size, opacity and border of every node and the look of every edge, from the
  // current choices; with none, what the drawing gave them (null: vis-network's default).
  function apply() {
    remember();
    var colourOn = colourBy === "community" && byId;
    var sizeOn = sizeBy && byId;
    if (!colourOn && !sizeOn && !highlight && !restyled) return;
    var top = 0;
    if (sizeOn) {
      view.nodes.forEach(function (n) {
        var m = byId.get(String(n.id));
        if (m && typeof m[sizeBy] === "number") top = Math.max(top, m[sizeBy]);
      });
    }
    var nodeUpdates = [];
    view.nodes.forEach(function (n) {
      var rec = view.records.get(n.id);
      var was = base.get(n.id);
      var update = { id: n.id, color: was.color, size: was.size, opacity: 1, borderWidth: null };
      if (rec && !rec.group) {
        var m = byId && byId.get(String(n.id));
        if (colourOn) update.color = m && typeof m.community === "number" ? communityColour(m.community) : OUTSIDE_COLOUR;
        if (sizeOn) {
          var value = m && typeof m[sizeBy] === "number" ? m[sizeBy] : 0;
          update.size = top > 0 ? MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.sqrt(Math.max(value, 0) / top) : MIN_SIZE;
          update.size = Math.round(update.size * 10) / 10;
        }
      }
      if (highlight) {
        if (highlight.nodes.has(n.id)) update.borderWidth = 4;
        else update.opacity = DIMMED;
      }
      nodeUpdates.push(update);
    });
    var edgeUpdates = [];
    view.edges.forEach(function (e) {
      var update = { id: e.id, color: null, width: null };
      if (highlight) {
        update.color = highlight.edges.has(e.id)
          ? { color: PATH_COLOUR, highlight: PATH_COLOUR, hover: PATH_COLOUR, opacity: 1 }
          : { opacity: DIMMED };
        update.width = highlight.edges.has(e.id) ? 4 : null;
      }
      edgeUpdates.push(update);
    });
    view.nodes.update(nodeUpdates);
    view.edges.update(edgeUpdates);
    restyled = Boolean(colourOn || sizeOn || highlight);
    view.scheduleLabels();
    section.dataset.applied = (colourOn ? "community" : "class") + " " + (sizeOn ? sizeBy : "default") +
      (highlight ? " path" : "");
  }

  function choose() {
    var wanted = colourBy === "community" || sizeBy;
    view.saveState();
    if (!wanted) {
      apply();
      renderCommunities();
      return Promise.resolve();
    }
    return loadMeasures().then(function () {
      apply();
      renderCommunities();
    });
  }

  // --- the panel: colour, size, communities ------------------------------------------------------

  var colourSelect = document.createElement("select");
  colourSelect.id = "gk-an-colour";
  colourSelect.append(option("class", "analysis.colour.class"), option("community", "analysis.colour.community"));
  colourSelect.value = colourBy;
  colourSelect.addEventListener("change", function () {
    colourBy = colourSelect.value;
    choose();
  });

  var sizeSelect = document.createElement("select");
  sizeSelect.id = "gk-an-size";
  sizeSelect.append(option("", "analysis.size.default"));
  MEASURES.forEach(function (m) { sizeSelect.append(option(m, "analysis.measure." + m)); });
  sizeSelect.value = sizeBy;
  sizeSelect.addEventListener("change", function () {
    sizeBy = sizeSelect.value;
    choose();
  });

  var communitiesEl = el("div", null, "gk-an-communities");
  communitiesEl.id = "gk-an-communities";

  function renderCommunities() {
    if (colourBy !== "community" || !byId) {
      communitiesEl.hidden = true;
      communitiesEl.replaceChildren();
      return;
    }
    var counts = new Map();
    var outside = 0;
    view.records.forEach(function (rec) {
      if (rec.group) return;
      var m = byId.get(String(rec.id));
      if (m && typeof m.community === "number") counts.set(m.community, (counts.get(m.community) || 0) + 1);
      else outside += 1;
    });
    var list = el("ul", null, "gk-an-legend");
    Array.from(counts.keys()).sort(function (a, b) { return a - b; }).forEach(function (number) {
      list.append(legendItem(communityColour(number), t("analysis.community", { number: number }), counts.get(number), number));
    });
    if (outside) list.append(legendItem(OUTSIDE_COLOUR, t("analysis.outside"), outside, ""));
    communitiesEl.hidden = false;
    communitiesEl.replaceChildren(el("h3", t("analysis.communities")), list);
  }

  function legendItem(colour, name, count, number) {
    var item = el("li");
    var swatch = el("span", null, "gk-an-swatch");
    swatch.style.background = colour;
    item.dataset.community = String(number);
    item.dataset.color = colour;
    item.title = t("analysis.community_count", { count: count });
    item.append(swatch, el("span", name, "gk-an-name"), el("span", String(count), "gk-n"));
    return item;
  }

  // --- the period slider -------------------------------------------------------------------------

  function yearOf(value) {
    var m = /^(-?\d{4})/.exec(String(value || "").trim());
    return m ? Number(m[1]) : null;
  }

  var span = { min: null, max: null };

  function widen(year) {
    if (year === null) return;
    if (span.min === null || year < span.min) span.min = year;
    if (span.max === null || year > span.max) span.max = year;
  }

  // The years of the dated entries in view (their start and end dates), and of the period shown.
  function collectYears() {
    view.records.forEach(function (rec) {
      (rec.facts || []).forEach(function (fact) {
        if (DATE_PREDICATES.indexOf(fact[0]) >= 0) widen(yearOf(fact[1]));
      });
    });
    widen(yearOf(chosen.from));
    widen(yearOf(chosen.to));
  }

  var fromRange = document.createElement("input");
  var toRange = document.createElement("input");
  [fromRange, toRange].forEach(function (range) {
    range.type = "range";
    range.step = "1";
  });
  fromRange.id = "gk-an-from-year";
  toRange.id = "gk-an-to-year";
  fromRange.setAttribute("aria-label", t("analysis.period.from"));
  fromRange.dataset.tAriaLabel = "analysis.period.from";
  toRange.setAttribute("aria-label", t("analysis.period.to"));
  toRange.dataset.tAriaLabel = "analysis.period.to";
  var spanEl = el("output", null, "gk-an-span");
  var shownEl = el("p", null, "gk-an-shown");
  var applyPeriod = el("button", t("analysis.period.apply"));
  applyPeriod.type = "button";
  applyPeriod.id = "gk-an-period-apply";
  applyPeriod.dataset.t = "analysis.period.apply";
  var allTime = el("button", t("analysis.period.all_button"));
  allTime.type = "button";
  allTime.id = "gk-an-period-all";
  allTime.dataset.t = "analysis.period.all_button";
  var sliders = el("div", null, "gk-an-sliders");
  sliders.append(fromRange, toRange);
  var periodBox = el("div", null, "gk-an-period");

  function setSpan() {
    if (span.min === null) return;
    var keepFrom = fromRange.value && fromRange.dataset.touched ? Number(fromRange.value) : yearOf(chosen.from);
    var keepTo = toRange.value && toRange.dataset.touched ? Number(toRange.value) : yearOf(chosen.to);
    [fromRange, toRange].forEach(function (range) {
      range.min = String(span.min);
      range.max = String(span.max);
    });
    fromRange.value = String(keepFrom === null ? span.min : keepFrom);
    toRange.value = String(keepTo === null ? span.max : keepTo);
    renderPeriod();
  }

  function renderPeriod() {
    var none = span.min === null;
    sliders.hidden = none;
    applyPeriod.hidden = none;
    spanEl.textContent = none ? t("analysis.period.none") : t("analysis.period.span", { from: fromRange.value, to: toRange.value });
    var shown = chosen.from || chosen.to
      ? t("analysis.period.span", { from: chosen.from || "\u2026", to: chosen.to || "\u2026" })
      : t("analysis.period.all");
    shownEl.textContent = t("analysis.period.shown", { span: shown });
    allTime.disabled = !(chosen.from || chosen.to || chosen.as_of);
  }

  function keepOrder(moved) {
    moved.dataset.touched = "1";
    if (Number(fromRange.value) > Number(toRange.value)) {
      if (moved === fromRange) toRange.value = fromRange.value;
      else fromRange.value = toRange.value;
    }
    fromRange.dataset.touched = toRange.dataset.touched = "1";
    renderPeriod();
  }
  fromRange.addEventListener("input", function () { keepOrder(fromRange); });
  toRange.addEventListener("input", function () { keepOrder(toRange); });

  // The same page (focus, depth, classes, language, hash) in another period: a new load.
  function periodURL(from, to) {
    view.saveState();
    var q = new URLSearchParams(location.search);
    ["from", "to", "as_of"].forEach(function (name) { q.delete(name); });
    if (from !== null) {
      q.set("from", String(from));
      q.set("to", String(to));
    }
    q.set("lang", view.language());
    return location.pathname + "?" + q.toString() + location.hash;
  }
  applyPeriod.addEventListener("click", function () {
    location.assign(periodURL(Number(fromRange.value), Number(toRange.value)));
  });
  allTime.addEventListener("click", function () { location.assign(periodURL(null, null)); });

  // A shown period narrows the years in view: the same network over all time gives the range.
  function widenFromNetwork() {
    if (!(chosen.from || chosen.to)) return;
    view.fetchJSON(api.analytics + "export?" + networkQuery(false).toString()).then(function (answer) {
      (answer.nodes || []).forEach(function (node) {
        widen(yearOf(node.start));
        widen(yearOf(node.end));
      });
      setSpan();
    }).catch(view.reportError);
  }

  // --- the path finder ---------------------------------------------------------------------------

  function endBox(key, id) {
    var box = el("div", null, "gk-search gk-an-end");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.setAttribute("aria-label", t(key));
    input.dataset.tAriaLabel = key;
    input.placeholder = t("search.placeholder");
    input.dataset.tPlaceholder = "search.placeholder";
    var results = el("ul", null, "gk-search-results");
    results.setAttribute("role", "listbox");
    results.hidden = true;
    input.setAttribute("aria-controls", id + "-results");
    results.id = id + "-results";
    box.append(input, results);
    var end = { input: input, results: results, id: null, hits: [], seq: 0, timer: null };

    function pickHit(hit) {
      end.id = hit.id;
      input.value = hitName(hit);
      input.dataset.id = hit.id;
      results.hidden = true;
    }
    function render(hits) {
      end.hits = hits;
      var items = hits.map(function (hit, i) {
        var item = el("li", hitName(hit));
        item.dataset.id = hit.id;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", i === 0 ? "true" : "false");
        var full = hit.labels ? view.pick(hit.labels, hit.label) : hit.label;
        if (full && full !== hitName(hit)) item.append(el("span", full, "gk-full"));
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          pickHit(hit);
        });
        return item;
      });
      if (!hits.length && input.value.trim()) items = [el("li", t("search.none"), "gk-none")];
      results.replaceChildren.apply(results, items);
      results.hidden = !items.length || document.activeElement !== input;
    }
    function search() {
      var seq = ++end.seq;
      var query = input.value.trim();
      if (!query) {
        render([]);
        return Promise.resolve([]);
      }
      var url = api.search + "?limit=8&lang=" + encodeURIComponent(view.language()) + "&q=" + encodeURIComponent(query);
      return view.fetchJSON(url).then(function (body) {
        if (seq === end.seq) render(body.results || []);
        return end.hits;
      });
    }
    input.addEventListener("input", function () {
      end.id = null;
      delete input.dataset.id;
      clearTimeout(end.timer);
      end.timer = setTimeout(function () { search().catch(view.reportError); }, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(end.timer);
        search().then(function (hits) { if (hits.length) pickHit(hits[0]); }).catch(view.reportError);
      } else if (event.key === "Escape") {
        results.hidden = true;
      }
    });
    input.addEventListener("blur", function () { results.hidden = true; });
    end.box = box;
    end.set = function (entityId) {
      end.id = entityId;
      input.dataset.id = entityId;
      input.value = nameOf(entityId);
    };
    return end;
  }

  // The name of a search hit in the page's language: its abbreviation, then its label.
  function hitName(hit) {
    var lang = view.language();
    return (hit.short && hit.short[lang]) || (hit.labels && view.pick(hit.labels, "")) || hit.label || hit.id;
  }

  var fromEnd = endBox("analysis.path.from", "gk-an-path-from");
  var toEnd = endBox("analysis.path.to", "gk-an-path-to");
  var findButton = el("button", t("analysis.path.find"));
  findButton.type = "button";
  findButton.id = "gk-an-path-find";
  findButton.dataset.t = "analysis.path.find";
  var clearButton = el("button", t("analysis.path.clear"));
  clearButton.type = "button";
  clearButton.id = "gk-an-path-clear";
  clearButton.dataset.t = "analysis.path.clear";
  var pathNote = el("p", null, "gk-an-note");
  pathNote.hidden = true;
  var pathsEl = el("ol", null, "gk-an-paths");
  pathsEl.id = "gk-an-paths";
  var stepsEl = el("div", null, "gk-an-steps");
  stepsEl.id = "gk-an-steps";

  var found = null; // the path API's answer
  var added = []; // ids of the nodes the paths brought into the view

  function pathURL(from, to) {
    var q = new URLSearchParams();
    q.set("from", from);
    q.set("to", to);
    q.set("k", String(PATHS_WANTED));
    q.set("max_length", String(PATH_MAX_LENGTH));
    q.set("lang", view.language());
    if (chosen.from) q.set("since", chosen.from);
    if (chosen.to) q.set("until", chosen.to);
    return api.path + "?" + q.toString();
  }

  function noteText(message) {
    pathNote.textContent = message || "";
    pathNote.hidden = !message;
  }

  // The links between two nodes drawn in the view, in either direction.
  function edgesBetween(a, b) {
    return view.edges.getIds({
      filter: function (e) { return (e.from === a && e.to === b) || (e.from === b && e.to === a); },
    });
  }

  function findPaths(from, to, index) {
    dropPaths();
    noteText(t("analysis.path.searching"));
    section.dataset.path = "";
    return view.fetchJSON(pathURL(from, to)).then(function (answer) {
      found = answer;
      var paths = answer.paths || [];
      pathEnds = [from, to];
      if (!paths.length) {
        noteText(t("analysis.path.none", { max: PATH_MAX_LENGTH }));
        view.saveState();
        section.dataset.path = "none";
        return;
      }
      noteText("");
      var onPaths = new Set();
      paths.forEach(function (path) { path.forEach(function (id) { onPaths.add(id); }); });
      var before = new Set(view.records.keys());
      var links = (answer.edges || [])
        .filter(function (e) { return !edgesBetween(e.source, e.target).length; })
        .map(function (e) { return { from: e.source, to: e.target, predicate: e.predicate, inverse: e.inverse || null }; });
      var centre = view.records.has(from) ? from : view.records.has(to) ? to : null;
      var at = layOut(paths);
      view.addNodes((answer.nodes || []).filter(function (n) { return onPaths.has(n.id); }), links, centre, at);
      added = Array.from(onPaths).filter(function (id) { return !before.has(id) && view.records.has(id); });
      fromEnd.set(from);
      toEnd.set(to);
      showPath(Math.min(index || 0, paths.length - 1));
    }).catch(function (error) {
      noteText("");
      section.dataset.path = "failed";
      view.reportError(error);
    });
  }

  // Where the nodes a path brings go: between the drawn nodes they link, or in a line going
  // out from the drawn end, away from the middle of the drawing; each path bends its own way.
  function layOut(paths) {
    var drawnAt = view.network.getPositions();
    var at = new Map(Object.keys(drawnAt).map(function (id) { return [id, drawnAt[id]]; }));
    var ids = Object.keys(drawnAt);
    var middle = ids.reduce(function (m, id) {
      return { x: m.x + drawnAt[id].x / ids.length, y: m.y + drawnAt[id].y / ids.length };
    }, { x: 0, y: 0 });
    var placed = new Map();
    var STEP = 190, GAP = 70;
    function free(point) {
      var clear = true;
      at.forEach(function (p) {
        var dx = p.x - point.x, dy = p.y - point.y;
        if (dx * dx + dy * dy < GAP * GAP) clear = false;
      });
      return clear;
    }
    paths.forEach(function (path, k) {
      var side = (k % 2 ? 1 : -1) * Math.ceil(k / 2);
      var i = 0;
      while (i < path.length) {
        if (at.has(path[i])) { i += 1; continue; }
        var j = i;
        while (j < path.length && !at.has(path[j])) j += 1;
        var a = i > 0 ? at.get(path[i - 1]) : null;
        var b = j < path.length ? at.get(path[j]) : null;
        var count = j - i;
        var anchor = a || b || { x: middle.x + STEP, y: middle.y };
        var dx = anchor.x - middle.x, dy = anchor.y - middle.y;
        var norm = Math.sqrt(dx * dx + dy * dy) || 1;
        var angle = Math.atan2(dy / norm, dx / norm) + side * 0.4;
        var dir = { x: Math.cos(angle), y: Math.sin(angle) };
        for (var m = 0; m < count; m++) {
          var point;
          if (a && b) {
            var share = (m + 1) / (count + 1);
            var lx = b.x - a.x, ly = b.y - a.y;
            var length = Math.sqrt(lx * lx + ly * ly) || 1;
            var bend = (side || 1) * 60 * Math.sin(Math.PI * share);
            point = { x: a.x + lx * share - (ly / length) * bend, y: a.y + ly * share + (lx / length) * bend };
          } else {
            var steps = a ? m + 1 : count - m;
            point = { x: anchor.x + dir.x * STEP * steps, y: anchor.y + dir.y * STEP * steps };
          }
          for (var tries = 0; tries < 40 && !free(point); tries++) {
            point = { x: point.x + dir.x * GAP * 0.6 - dir.y * GAP * 0.3, y: point.y + dir.y * GAP * 0.6 + dir.x * GAP * 0.3 };
          }
          at.set(path[i + m], point);
          placed.set(path[i + m], point);
        }
        i = j;
      }
    });
    return placed;
  }

  function showPath(index) {
    var path = found.paths[index];
    pathIndex = index;
    var nodeIds = new Set(path);
    var edgeIds = new Set();
    for (var i = 0; i + 1 < path.length; i++) {
      edgesBetween(path[i], path[i + 1]).forEach(function (id) { edgeIds.add(id); });
    }
    highlight = { nodes: nodeIds, edges: edgeIds };
    apply();
    view.emphasise(path);
    renderPaths();
    view.saveState();
    section.dataset.path = path.join(" ");
    view.network.fit({ nodes: path.filter(function (id) { return view.nodes.get(id); }), animation: false, maxZoomLevel: 1.2 });
    view.scheduleLabels();
  }

  function dropPaths() {
    found = null;
    pathIndex = 0;
    highlight = null;
    view.emphasise([]);
    if (added.length) view.removeNodes(added.filter(function (id) { return view.records.has(id); }));
    added = [];
    pathsEl.replaceChildren();
    stepsEl.replaceChildren();
    delete section.dataset.path;
    apply();
  }

  function clearPaths() {
    dropPaths();
    pathEnds = [];
    noteText("");
    view.saveState();
  }

  findButton.addEventListener("click", function () {
    if (!fromEnd.id || !toEnd.id) {
      noteText(t("analysis.path.pick"));
      return;
    }
    findPaths(fromEnd.id, toEnd.id, 0);
  });
  clearButton.addEventListener("click", clearPaths);

  // One line per path ("BBWA → LSK → ESF → BIWAQ"); the chosen one pressed.
  function renderPaths() {
    if (!found || !found.paths.length) return;
    var items = found.paths.map(function (path, i) {
      var item = el("li");
      var button = el("button", path.map(nameOf).join(" \u2192 "), "gk-an-path");
      button.type = "button";
      button.dataset.index = String(i);
      button.setAttribute("aria-pressed", i === pathIndex ? "true" : "false");
      button.title = t("analysis.path.length", { count: path.length - 1 });
      button.addEventListener("click", function () { showPath(i); });
      item.append(button);
      return item;
    });
    pathsEl.replaceChildren.apply(pathsEl, items);
    renderSteps();
  }

  // The chosen path's steps: "A —label→ B" for each statement linking them, with its sources
  // (titles as they load) and their quotes.
  function renderSteps() {
    var path = found.paths[pathIndex];
    var list = el("ol", null, "gk-an-step-list");
    for (var i = 0; i + 1 < path.length; i++) {
      var a = path[i], b = path[i + 1];
      (found.edges || []).forEach(function (edge) {
        if (!((edge.source === a && edge.target === b) || (edge.source === b && edge.target === a))) return;
        list.append(stepItem(a, b, edge));
      });
    }
    stepsEl.replaceChildren(el("h3", t("analysis.path.steps")), list);
  }

  function stepItem(a, b, edge) {
    var item = el("li", null, "gk-an-step");
    item.dataset.from = a;
    item.dataset.to = b;
    var line = el("div", null, "gk-an-step-head");
    var label = view.predicateLabel(edge.predicate) || edge.label;
    var arrow;
    if (edge.source === a) arrow = "\u2014" + label + "\u2192";
    else if (edge.inverse) arrow = "\u2014" + (view.predicateLabel(edge.inverse) || edge.inverse_label) + "\u2192";
    else arrow = "\u2190" + label + "\u2014";
    line.append(el("strong", nameOf(a)), " ", el("span", arrow, "gk-an-arrow"), " ", el("strong", nameOf(b)));
    item.append(line);
    var cites = el("ul", null, "gk-cites");
    (edge.sources || []).forEach(function (sourceId) {
      var cite = el("li");
      cite.dataset.source = sourceId;
      cite.append(sourceLink(sourceId));
      (edge.evidence || []).filter(function (ev) { return ev.source === sourceId; }).forEach(function (ev) {
        if (ev.quote) {
          var quote = el("q", ev.quote, "quote");
          if (ev.lang) quote.lang = ev.lang;
          cite.append(quote);
        }
        if (ev.line) cite.append(el("span", t("details.line", { line: ev.line }), "gk-where"));
      });
      cites.append(cite);
    });
    if (!(edge.sources || []).length) cites.append(el("li", t("analysis.path.no_source")));
    item.append(cites);
    return item;
  }

  var sourcesSeen = new Map(); // language + " " + id -> Promise of {label, url}

  // A source document's link: its id at once, its title (and web address) when its entity loads.
  function sourceLink(id) {
    var link = el("a", id, "gk-source");
    link.href = util.pageURL(api, id);
    var key = view.language() + " " + id;
    if (!sourcesSeen.has(key)) {
      var url = api.entities + util.encodeId(id) + "?lang=" + encodeURIComponent(view.language());
      sourcesSeen.set(key, view.fetchJSON(url).then(function (entity) {
        var own = (entity.sources || []).filter(function (s) { return s.id === id; })[0] || {};
        return { label: entity.label || own.label || id, url: own.url || "", publisher: own.publisher || "" };
      }));
    }
    sourcesSeen.get(key).then(function (source) {
      link.textContent = source.label;
      if (source.publisher) link.title = source.publisher;
      if (util.isWebLink(source.url)) {
        link.href = source.url;
        link.rel = "external";
      }
    }, function () { sourcesSeen.delete(key); });
    return link;
  }

  // --- building the panel ------------------------------------------------------------------------

  function part(key, open, children) {
    var box = el("details", null, "gk-an-part");
    box.open = open;
    var summary = el("summary", t(key));
    summary.dataset.t = key;
    box.append(summary);
    children.forEach(function (child) { box.append(child); });
    return box;
  }

  var choices = el("div", null, "gk-an-choices");
  choices.append(field("analysis.colour", colourSelect), field("analysis.size", sizeSelect));
  var periodButtons = el("div", null, "gk-an-buttons");
  periodButtons.append(applyPeriod, allTime);
  periodBox.append(shownEl, sliders, spanEl, periodButtons);
  var pathButtons = el("div", null, "gk-an-buttons");
  pathButtons.append(findButton, clearButton);
  var pathEndsEl = el("div", null, "gk-an-ends");
  pathEndsEl.append(field("analysis.path.from", fromEnd.box), field("analysis.path.to", toEnd.box));
  var pathPart = part("analysis.path", Boolean(pathEnds.length), [pathEndsEl, pathButtons, pathNote, pathsEl, stepsEl]);
  pathPart.id = "gk-an-path";
  if (!api.path) pathPart.hidden = true;
  var periodPart = part("analysis.period", Boolean(chosen.from || chosen.to), [periodBox]);
  periodPart.id = "gk-an-period";
  var heading = section.querySelector("h2") || el("h2", t("analysis.title"));
  section.replaceChildren(heading, choices, communitiesEl, periodPart, pathPart);
  section.hidden = false;

  collectYears();
  setSpan();
  renderPeriod();
  widenFromNetwork();

  view.addState(function (params) {
    if (colourBy !== "class") params.set("colour", colourBy);
    if (sizeBy) params.set("size", sizeBy);
    if (pathEnds.length === 2) params.set("path", pathEnds.join(" "));
    if (pathEnds.length === 2 && pathIndex) params.set("pathi", String(pathIndex));
  });

  // Nodes that come later (expansions, summaries opened) get the current colours and sizes.
  var pending = false;
  view.on("change", function () {
    if (pending) return;
    pending = true;
    Promise.resolve().then(function () {
      pending = false;
      apply();
      renderCommunities();
      var before = span.min + " " + span.max;
      collectYears();
      if (span.min + " " + span.max !== before) setSpan();
    });
  });
  view.on("language", function () {
    renderCommunities();
    renderPeriod();
    if (found && found.paths.length) renderPaths();
    if (fromEnd.id) fromEnd.set(fromEnd.id);
    if (toEnd.id) toEnd.set(toEnd.id);
  });
  // The state in the link: colours and sizes at once, the path when the view is restored.
  if (colourBy !== "class" || sizeBy) choose();
  function restorePath() {
    if (pathEnds.length !== 2) return;
    fromEnd.set(pathEnds[0]);
    toEnd.set(pathEnds[1]);
    findPaths(pathEnds[0], pathEnds[1], pathIndex);
  }
  if (document.body.dataset.restored === "1") restorePath();
  else view.on("restored", restorePath);

  view.analysis = {
    measures: function () { return byId; },
    paths: function () { return found ? found.paths : []; },
    findPaths: findPaths,
    clearPaths: clearPaths,
    colourOf: communityColour,
  };
})();
