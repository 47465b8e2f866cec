/* graphkit network view: the analysis panel's path finder (issue 15).
 *
 * Two ends searched as in the search box (view.searchBox), the k shortest paths between them
 * from the path API (in the page's period). The chosen path's nodes and links are highlighted
 * and the rest dimmed (view.analysis.highlight), its steps listed with their sources and
 * quotes. Nodes the paths bring are drawn, and go again on "clear", which restores the view.
 * The ends and the chosen path live in the URL hash (`path`, `pathi`), found again when the view
 * is restored. A part of the panel analysis.js builds; it needs the path API.
 */
(function () {
  "use strict";

  var view = window.graphkitView;
  var panel = view.analysis;
  if (!panel) return;
  var util = window.graphkitUtil;
  var el = util.el;
  var api = view.api;
  var section = panel.section;

  var PATHS_WANTED = 5;
  var PATH_MAX_LENGTH = 6;
  var END_HITS = 8; // hits listed under an end's box

  var chosen = view.selectionQuery(); // the period shown: from, to
  var hash = new URLSearchParams(location.hash.slice(1));
  var pathEnds = (hash.get("path") || "").split(" ").filter(Boolean);
  var pathIndex = Number(hash.get("pathi")) || 0;

  function t(key, values) {
    return view.t(key, values);
  }

  function nameOf(id) {
    var rec = view.records.get(id);
    return rec ? view.displayName(rec) : id;
  }

  // One end of the path: a search box whose chosen hit is `end.id` (typing forgets it).
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
    var end = { box: box, id: null };
    end.set = function (entityId) {
      end.id = entityId;
      input.dataset.id = entityId;
      input.value = nameOf(entityId);
    };
    view.searchBox(input, results, {
      limit: END_HITS,
      choose: function (hit) {
        end.id = hit.id;
        input.dataset.id = hit.id;
      },
    });
    input.addEventListener("input", function () {
      end.id = null;
      delete input.dataset.id;
    });
    return end;
  }

  var fromEnd = endBox("analysis.path.from", "gk-an-path-from");
  var toEnd = endBox("analysis.path.to", "gk-an-path-to");
  var findButton = panel.button("analysis.path.find", "gk-an-path-find");
  var clearButton = panel.button("analysis.path.clear", "gk-an-path-clear");
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
    panel.highlight({ nodes: nodeIds, edges: edgeIds });
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
    view.emphasise([]);
    if (added.length) view.removeNodes(added.filter(function (id) { return view.records.has(id); }));
    added = [];
    pathsEl.replaceChildren();
    stepsEl.replaceChildren();
    delete section.dataset.path;
    panel.highlight(null);
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

  // --- building the part -------------------------------------------------------------------------

  var pathButtons = el("div", null, "gk-an-buttons");
  pathButtons.append(findButton, clearButton);
  var pathEndsEl = el("div", null, "gk-an-ends");
  pathEndsEl.append(panel.field("analysis.path.from", fromEnd.box), panel.field("analysis.path.to", toEnd.box));
  var pathPart = panel.part("analysis.path", Boolean(pathEnds.length), [pathEndsEl, pathButtons, pathNote, pathsEl, stepsEl]);
  pathPart.id = "gk-an-path";
  if (!api.path) pathPart.hidden = true;
  section.append(pathPart);

  view.addState(function (params) {
    if (pathEnds.length === 2) params.set("path", pathEnds.join(" "));
    if (pathEnds.length === 2 && pathIndex) params.set("pathi", String(pathIndex));
  });
  view.on("language", function () {
    if (found && found.paths.length) renderPaths();
    if (fromEnd.id) fromEnd.set(fromEnd.id);
    if (toEnd.id) toEnd.set(toEnd.id);
  });
  // The path in the link, found when the view is restored.
  function restorePath() {
    if (pathEnds.length !== 2) return;
    fromEnd.set(pathEnds[0]);
    toEnd.set(pathEnds[1]);
    findPaths(pathEnds[0], pathEnds[1], pathIndex);
  }
  if (document.body.dataset.restored === "1") restorePath();
  else view.on("restored", restorePath);

  panel.paths = function () { return found ? found.paths : []; };
  panel.findPaths = findPaths;
  panel.clearPaths = clearPaths;
})();
