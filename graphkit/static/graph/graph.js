/* graphkit network view.
 *
 * Reads the view from <script type="application/json" id="gk-data"> and draws it with
 * vis-network at the positions computed on the server (physics off). Every text that comes
 * from the data is written with textContent or drawn on the canvas, never parsed as HTML.
 *
 * - Classes keep one colour and shape everywhere: the server sends the style of every class
 *   the ontology declares (graphkit/palette.py); undeclared classes are grey.
 * - Labels are drawn by this script, not by vis-network: at a constant screen size, the
 *   short name (BIWAQ) where there is one, cut with "…" when long, and only where they fit:
 *   the most important first (selection, focus, summaries, nearer nodes, more links), none
 *   overlapping another or the canvas edge. `view.labelBoxes()` gives what was drawn.
 * - A hub's big groups of neighbours are one summary node each ("177 × city ▸"); a
 *   double-click opens it, a page at a time.
 * - The state (expansions, hidden classes, selection, language) lives in the URL's hash, so
 *   a link restores the view; the language switch changes every text on the page.
 * On a served page (data.api set) the search box asks /api/search and a double-click adds
 * the node's neighbourhood with one request (in the page's period, data.selection); an
 * exported file makes no request at all. Other panels (analysis.js) restyle the nodes through
 * view.nodes and add to the view and its hash state through the hooks at the end.
 *
 * window.graphkitView exposes the view to the page's other scripts, tests and benchmarks.
 */
(function () {
  "use strict";

  var util = window.graphkitUtil;
  var el = util.el;
  var shortName = util.shortName;
  var encodeId = util.encodeId;

  var data = JSON.parse(document.getElementById("gk-data").textContent);
  var api = data.api;
  var text = data.text || {};
  var lang = initialLanguage();
  var EDGE_LENGTH = 200;
  var GROUP_PAGE = 12; // a hub's neighbours per (predicate, class) shown before they are summarised
  var OPEN_PAGE = 40; // neighbours an open summary adds at a time
  var LABEL_PX = 13; // label font size on screen, whatever the zoom
  var LABEL_CHARS = 32; // longer names are cut with "…" (the whole name is in the tooltip)
  var MAX_LABELS = 400;

  var styles = new Map(Object.entries(data.styles || {})); // class IRI -> {color, shape, order}
  var classes = new Map(); // class IRI -> {iri, labels, color, shape, order, count, visible, item}
  var predicates = new Map(Object.entries(data.predicates)); // predicate IRI -> {lang: label}
  var terms = data.terms || {}; // labels of other classes and predicates (served pages)
  var records = new Map(); // node id -> record (see addRecord)
  var listeners = {};

  var graphEl = document.getElementById("gk-graph");
  var legendEl = document.getElementById("gk-legend");
  var countEl = document.getElementById("gk-count");
  var statusEl = document.getElementById("gk-status");

  // --- language and texts ---------------------------------------------------------------------

  function initialLanguage() {
    if (data.api) return data.lang; // the server chose: lang=, the remembered choice, Accept-Language
    var stored = null;
    try { stored = window.localStorage.getItem("gk_lang"); } catch (e) { stored = null; }
    var hashLang = new URLSearchParams(location.hash.slice(1)).get("lang");
    var wanted = hashLang || stored || (navigator.language || "").slice(0, 2);
    return text[wanted] ? wanted : data.lang;
  }

  // The text of `key` in the current language, `{name}` filled from `values`.
  function t(key, values) {
    var table = text[lang] || text.en || {};
    var found = table[key];
    if (found === undefined) found = (text.en || {})[key];
    if (found === undefined) return key;
    return found.replace(/\{(\w+)\}/g, function (all, name) {
      return values && values[name] !== undefined ? String(values[name]) : all;
    });
  }

  function pick(labels, fallback) {
    var keys = [lang, "en", "de", ""];
    for (var i = 0; i < keys.length; i++) {
      if (labels && typeof labels[keys[i]] === "string" && labels[keys[i]] !== "") return labels[keys[i]];
    }
    if (labels) {
      for (var key in labels) if (labels[key]) return labels[key];
    }
    return fallback;
  }

  function predicateLabel(iri) {
    return pick(predicates.get(iri) || terms[iri], shortName(iri));
  }

  function fullName(rec) {
    if (rec.group) return groupName(rec);
    return pick(rec.labels, rec.label || rec.id);
  }

  // The name drawn: the abbreviation people use (BIWAQ) when there is one, else the label.
  function displayName(rec) {
    if (rec.group) return groupName(rec);
    return (rec.short && (rec.short[lang] || rec.short.en || rec.short.de)) || fullName(rec);
  }

  function groupName(rec) {
    var g = rec.group;
    var what = g.cls ? className(g.cls) : predicateLabel(g.predicate);
    return t("graph.group", { count: g.count - g.shown, what: what }) + " \u25b8";
  }

  // A long name is cut with "…" between whole words: keeping its last words when they tell it
  // from its siblings (a number: "EUROCITIES Social … Forum 2019"), else its first words.
  function cut(name, most) {
    most = most || LABEL_CHARS;
    if (name.length <= most) return name;
    var words = name.split(/\s+/);
    var tail = [];
    if (/\d/.test(words[words.length - 1])) {
      tail = words.slice(-2);
      if (tail.join(" ").length > most / 2) tail = words.slice(-1);
    }
    var head = [];
    var room = most - 1 - (tail.length ? tail.join(" ").length + 1 : 0);
    for (var i = 0; i < words.length - tail.length; i++) {
      var next = head.concat([words[i]]).join(" ");
      if (next.length > room) break;
      head.push(words[i]);
    }
    if (!head.length) return name.slice(0, most - 1) + "\u2026";
    return head.join(" ") + "\u2026" + (tail.length ? " " + tail.join(" ") : "");
  }

  // --- events other scripts listen to -----------------------------------------------------------

  function on(name, fn) {
    (listeners[name] = listeners[name] || []).push(fn);
  }

  function emit(name, arg) {
    (listeners[name] || []).forEach(function (fn) {
      try { fn(arg); } catch (error) { reportError(error); }
    });
  }

  // --- classes and legend -------------------------------------------------------------------

  // FNV-1a over the UTF-8 bytes: the same shape for an undeclared class as graphkit.palette gives.
  function hashShape(iri) {
    var bytes = new TextEncoder().encode(iri);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return data.shapes[h % data.shapes.length];
  }

  function styleOf(iri) {
    var style = styles.get(iri);
    if (style) return style;
    style = iri
      ? { color: data.foreign_colour, shape: hashShape(iri), order: 100000 }
      : { color: data.no_class_colour, shape: "dot", order: 200000 };
    styles.set(iri, style);
    return style;
  }

  function className(iri) {
    var cls = classes.get(iri);
    var labels = (cls && cls.labels) || terms[iri];
    return pick(labels, iri ? shortName(iri) : t("graph.other_class"));
  }

  function ensureClass(iri, fallbackLabel) {
    var cls = classes.get(iri);
    if (cls) return cls;
    var style = styleOf(iri);
    var labels = terms[iri];
    if (!labels && fallbackLabel) {
      labels = {};
      labels[lang] = fallbackLabel;
    }
    cls = { iri: iri, labels: labels || {}, color: style.color, shape: style.shape, order: style.order, count: 0, visible: true };
    classes.set(iri, cls);
    renderLegend();
    return cls;
  }

  // A small picture of a class's shape in its colour, as vis-network draws it.
  var SVG = "http://www.w3.org/2000/svg";
  function shapeIcon(shape, color) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "-8 -8 16 16");
    svg.setAttribute("width", "14");
    svg.setAttribute("height", "14");
    svg.setAttribute("class", "gk-swatch");
    svg.dataset.shape = shape;
    var node;
    var points = {
      square: [[-6, -6], [6, -6], [6, 6], [-6, 6]],
      triangle: [[0, -7], [7, 6], [-7, 6]],
      triangleDown: [[0, 7], [7, -6], [-7, -6]],
      diamond: [[0, -7.5], [7.5, 0], [0, 7.5], [-7.5, 0]],
      hexagon: [0, 1, 2, 3, 4, 5].map(function (i) { return [7 * Math.cos(Math.PI / 3 * i), 7 * Math.sin(Math.PI / 3 * i)]; }),
      star: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(function (i) {
        var r = i % 2 ? 3.2 : 7.5, a = Math.PI / 5 * i - Math.PI / 2;
        return [r * Math.cos(a), r * Math.sin(a)];
      }),
    }[shape];
    if (points) {
      node = document.createElementNS(SVG, "polygon");
      node.setAttribute("points", points.map(function (p) { return p[0].toFixed(2) + "," + p[1].toFixed(2); }).join(" "));
    } else {
      node = document.createElementNS(SVG, "circle");
      node.setAttribute("r", "6.5");
    }
    node.setAttribute("fill", color);
    node.setAttribute("stroke", "rgba(0,0,0,0.35)");
    node.setAttribute("stroke-width", "1");
    svg.append(node);
    return svg;
  }

  function renderLegend() {
    var summarised = new Map();
    records.forEach(function (rec) {
      if (rec.group) summarised.set(rec.cls, (summarised.get(rec.cls) || 0) + rec.group.count - rec.group.shown);
    });
    var list = Array.from(classes.values()).filter(function (c) { return c.count > 0 || summarised.has(c.iri); });
    list.sort(function (a, b) { return a.order - b.order || (a.iri < b.iri ? -1 : 1); });
    var items = list.map(function (cls) {
      if (!cls.item) {
        var item = el("li");
        var label = el("label");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.dataset.cls = cls.iri;
        box.addEventListener("change", function () {
          setClassVisible(cls.iri, box.checked);
        });
        var swatch = shapeIcon(cls.shape, cls.color);
        cls.nameEl = el("span", "", "gk-class-name");
        cls.countEl = el("span", "", "gk-n");
        cls.box = box;
        label.append(box, swatch, cls.nameEl, cls.countEl);
        item.append(label);
        item.title = cls.iri || "";
        item.dataset.cls = cls.iri;
        item.dataset.color = cls.color;
        cls.item = item;
      }
      cls.box.checked = cls.visible;
      cls.nameEl.textContent = className(cls.iri);
      var more = summarised.get(cls.iri);
      cls.countEl.textContent = String(cls.count) + (more ? " + " + more : "");
      cls.countEl.title = more ? t("graph.summarised", { count: more }) : "";
      return cls.item;
    });
    legendEl.replaceChildren.apply(legendEl, items);
  }

  function setClassVisible(iri, visible, quiet) {
    var cls = classes.get(iri);
    if (!cls) return;
    cls.visible = visible;
    if (cls.box) cls.box.checked = visible;
    var changes = [];
    records.forEach(function (rec) {
      if (rec.cls === iri) changes.push({ id: rec.id, hidden: !visible });
    });
    nodes.update(changes);
    renderLegend();
    updateCount();
    scheduleLabels();
    if (!quiet) {
      saveState();
      emit("change");
    }
  }

  // --- nodes and edges ----------------------------------------------------------------------

  function addRecord(raw) {
    var group = raw.group || null;
    var cls = group ? group.cls || "" : raw.types && raw.types.length ? raw.types[0] : "";
    var rec = {
      id: raw.id,
      iri: raw.iri || "",
      label: raw.label || "",
      labels: raw.labels || {},
      alt_labels: raw.alt_labels || [],
      short: raw.short || {},
      types: raw.types || [],
      cls: cls,
      depth: raw.depth || 0,
      facts: raw.facts || [],
      sources: raw.sources || [],
      group: group,
    };
    if (group && group.shown === undefined) group.shown = 0;
    var typeLabels = raw.type_labels || {};
    Object.keys(typeLabels).forEach(function (iri) {
      if (!terms[iri]) terms[iri] = typeLabels[iri];
    });
    records.set(rec.id, rec);
    var style = ensureClass(cls, raw.type_label);
    if (!style.labels || !Object.keys(style.labels).length) style.labels = terms[cls] || style.labels;
    if (!group) style.count += 1;
    return rec;
  }

  function nodeSize(rec, degree) {
    if (rec.group) return Math.min(14 + 3 * Math.log2(1 + rec.group.count), 34);
    return Math.min(10 + 3 * Math.sqrt(degree || 0), 40);
  }

  function visNode(rec, x, y, size) {
    var cls = classes.get(rec.cls) || ensureClass(rec.cls);
    var node = {
      id: rec.id,
      x: x,
      y: y,
      size: size,
      shape: cls.shape,
      color: cls.color,
      hidden: !cls.visible,
    };
    if (rec.group) {
      node.shape = "dot";
      node.color = { background: "#ffffff", border: cls.color };
      node.borderWidth = 3;
      node.shapeProperties = { borderDashes: [5, 4] };
    }
    return node;
  }

  function edgeId(edge) {
    return edge.from + "\u0000" + edge.predicate + "\u0000" + edge.to;
  }

  function visEdge(edge) {
    var item = { id: edgeId(edge), from: edge.from, to: edge.to, predicate: edge.predicate };
    if (edge.inverse) item.inverse = edge.inverse;
    if (edge.group) item.dashes = true;
    return item;
  }

  (data.classes || []).forEach(function (c) {
    var cls = { iri: c.iri, labels: c.labels, color: c.color, shape: c.shape, order: c.order, count: 0, visible: true };
    classes.set(c.iri, cls);
  });
  var initialNodes = data.nodes.map(function (raw) {
    var rec = addRecord(raw);
    return visNode(rec, raw.x, raw.y, raw.size);
  });

  var nodes = new vis.DataSet(initialNodes);
  var edges = new vis.DataSet(data.edges.map(visEdge));
  renderLegend();

  var large = data.large;
  var options = {
    autoResize: true,
    physics: { enabled: false },
    layout: { improvedLayout: false },
    interaction: {
      hover: true,
      hideEdgesOnDrag: large,
      hideEdgesOnZoom: large,
      tooltipDelay: 150,
      multiselect: false,
    },
    nodes: {
      borderWidth: 1,
      // Labels are drawn by drawLabels below; vis-network draws none.
      font: { size: 0 },
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      color: { color: "#b5bdc8", highlight: "#333", hover: "#333", inherit: false },
      width: 1,
      hoverWidth: 1.5,
      selectionWidth: 1.5,
      smooth: large ? false : { enabled: true, type: "continuous", roundness: 0.3 },
      font: { size: 12, align: "middle", strokeWidth: 4, strokeColor: "#fff", color: "#333" },
    },
  };
  var network = new vis.Network(graphEl, { nodes: nodes, edges: edges }, options);

  var view = {
    network: network,
    nodes: nodes,
    edges: edges,
    records: records,
    firstDrawn: null,
    expansions: 0,
    lastFocus: null,
    visibleNodeCount: function () {
      return nodes.get({ filter: function (n) { return !n.hidden; } }).length;
    },
  };
  window.graphkitView = view;

  // --- labels -------------------------------------------------------------------------------

  var placed = []; // [{id, text, x, y (canvas, text centre top), w, h (canvas units)}]
  var emphasised = new Set(); // ids of nodes another panel highlights (a path): labelled first
  var labelsDirty = true;
  var labelFrame = null;
  var measureCtx = document.createElement("canvas").getContext("2d");

  function labelFont(scale) {
    return (LABEL_PX / scale).toFixed(3) + "px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  }

  function importance(rec, degree) {
    var selected = network.getSelectedNodes();
    if (selected.indexOf(rec.id) >= 0) return 0;
    if (rec.id === data.focus) return 1;
    if (emphasised.has(rec.id)) return 1.5;
    if (rec.group) return 2;
    return 3 + rec.depth + (1 - Math.min(degree, 100) / 100);
  }

  // Chooses the labels to draw at the current zoom: most important first, each only where it
  // overlaps no label already chosen and lies wholly inside the canvas.
  function placeLabels() {
    labelsDirty = false;
    var scale = network.getScale();
    var width = graphEl.clientWidth;
    var height = graphEl.clientHeight;
    var font = labelFont(scale);
    measureCtx.font = font;
    var lineHeight = (LABEL_PX * 1.25) / scale;
    var margin = 2 / scale;
    var topLeft = network.DOMtoCanvas({ x: 0, y: 0 });
    var bottomRight = network.DOMtoCanvas({ x: width, y: height });
    var positions = network.getPositions();
    var candidates = [];
    nodes.forEach(function (n) {
      if (n.hidden) return;
      var p = positions[n.id];
      if (!p || p.x < topLeft.x || p.x > bottomRight.x || p.y < topLeft.y || p.y > bottomRight.y) return;
      var rec = records.get(n.id);
      if (!rec) return;
      var degree = network.getConnectedEdges(n.id).length;
      var rank = importance(rec, degree);
      candidates.push({ rec: rec, p: p, size: n.size || 12, rank: rank, free: rank < 3 });
    });
    candidates.sort(function (a, b) { return a.rank - b.rank || (a.rec.id < b.rec.id ? -1 : 1); });
    // Shapes are obstacles too: a label covers no other node. A grid of cells finds the
    // shapes and labels near a box without looking at every one.
    var cell = 80 / scale;
    var grid = new Map();
    function key(i, j) { return i + "," + j; }
    function add(box) {
      for (var i = Math.floor(box.left / cell); i <= Math.floor(box.right / cell); i++) {
        for (var j = Math.floor(box.top / cell); j <= Math.floor(box.bottom / cell); j++) {
          var k = key(i, j);
          if (!grid.has(k)) grid.set(k, []);
          grid.get(k).push(box);
        }
      }
    }
    function hits(box) {
      for (var i = Math.floor(box.left / cell); i <= Math.floor(box.right / cell); i++) {
        for (var j = Math.floor(box.top / cell); j <= Math.floor(box.bottom / cell); j++) {
          var found = grid.get(key(i, j)) || [];
          for (var n = 0; n < found.length; n++) {
            var o = found[n];
            if (o.owner !== box.owner && box.left < o.right && box.right > o.left && box.top < o.bottom && box.bottom > o.top) return true;
          }
        }
      }
      return false;
    }
    function hitsLabel(box) {
      for (var n = 0; n < chosen.length; n++) {
        var o = chosen[n];
        if (box.left < o.x + o.w / 2 && box.right > o.x - o.w / 2 && box.top < o.y + o.h && box.bottom > o.y) return true;
      }
      return false;
    }
    candidates.forEach(function (c) {
      add({ owner: c.rec.id, left: c.p.x - c.size, right: c.p.x + c.size, top: c.p.y - c.size, bottom: c.p.y + c.size });
    });
    var chosen = [];
    for (var i = 0; i < candidates.length && chosen.length < MAX_LABELS; i++) {
      var c = candidates[i];
      var label = cut(displayName(c.rec));
      var w = measureCtx.measureText(label).width;
      var box = { id: c.rec.id, text: label, x: c.p.x, y: c.p.y + c.size + 3 / scale, w: w, h: lineHeight };
      var area = {
        owner: c.rec.id,
        left: box.x - w / 2 - margin,
        right: box.x + w / 2 + margin,
        top: box.y - margin,
        bottom: box.y + lineHeight + margin,
      };
      if (area.left < topLeft.x || area.right > bottomRight.x || area.top < topLeft.y || area.bottom > bottomRight.y) continue;
      // The selection, the focus and summaries are labelled even where they cover a shape.
      if (c.free ? hitsLabel(area) : hits(area)) continue;
      area.owner = null; // a placed label is an obstacle for every other label, its own node's too
      add(area);
      chosen.push(box);
    }
    placed = chosen;
    placedScale = scale;
  }
  var placedScale = 1;

  function scheduleLabels() {
    labelsDirty = true;
    if (labelFrame !== null) return;
    labelFrame = requestAnimationFrame(function () {
      labelFrame = null;
      network.redraw();
    });
  }

  network.on("beforeDrawing", function () {
    if (labelsDirty || Math.abs(network.getScale() - placedScale) > 1e-9) placeLabels();
  });
  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale();
    ctx.save();
    ctx.font = labelFont(scale);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3 / scale;
    ctx.strokeStyle = "rgba(255,255,255,0.95)";
    ctx.fillStyle = "#1f2328";
    placed.forEach(function (box) {
      ctx.fillStyle = emphasised.size && !emphasised.has(box.id) ? "#8c939b" : "#1f2328";
      ctx.strokeText(box.text, box.x, box.y);
      ctx.fillText(box.text, box.x, box.y);
    });
    ctx.restore();
  });
  network.on("dragEnd", scheduleLabels);
  network.on("resize", scheduleLabels);

  // The labels drawn, as boxes in page coordinates (for tests: none overlaps, none is cut).
  view.labelBoxes = function () {
    var frame = graphEl.getBoundingClientRect();
    return placed.map(function (box) {
      var a = network.canvasToDOM({ x: box.x - box.w / 2, y: box.y });
      var b = network.canvasToDOM({ x: box.x + box.w / 2, y: box.y + box.h });
      return { id: box.id, text: box.text, left: frame.left + a.x, top: frame.top + a.y, right: frame.left + b.x, bottom: frame.top + b.y };
    });
  };
  view.canvasBox = function () {
    var frame = graphEl.getBoundingClientRect();
    return { left: frame.left, top: frame.top, right: frame.right, bottom: frame.bottom };
  };

  // --- fitting ------------------------------------------------------------------------------

  // Fits the nodes (all shown ones, or `ids`) with a margin for labels: a label that would
  // still cross the edge is left out by placeLabels, never cut.
  function fitToNodes(ids) {
    var list = ids ? nodes.get(ids) : nodes.get({ filter: function (n) { return !n.hidden; } });
    if (!list.length) return;
    var width = Math.max(graphEl.clientWidth - 2 * 70, 100);
    var height = Math.max(graphEl.clientHeight - 2 * 12 - LABEL_PX * 1.6, 100);
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    list.forEach(function (n) {
      var p = network.getPosition(n.id);
      var size = n.size || 12;
      minX = Math.min(minX, p.x - size);
      maxX = Math.max(maxX, p.x + size);
      minY = Math.min(minY, p.y - size);
      maxY = Math.max(maxY, p.y + size);
    });
    var scale = Math.min(width / Math.max(maxX - minX, 1), height / Math.max(maxY - minY, 1), 1.5);
    var labelRoom = (LABEL_PX * 1.6) / scale; // below the lowest shapes
    network.moveTo({ position: { x: (minX + maxX) / 2, y: (minY + maxY + labelRoom) / 2 }, scale: scale, animation: false });
    scheduleLabels();
  }
  fitToNodes();
  network.once("afterDrawing", function () {
    view.firstDrawn = performance.now();
    document.body.dataset.drawn = "1";
  });

  function updateCount() {
    var shown = view.visibleNodeCount();
    var entities = 0;
    records.forEach(function (rec) { if (!rec.group) entities += 1; });
    var words = t("graph.count", { nodes: entities, edges: edges.length });
    if (shown !== nodes.length) words += " (" + t("graph.count_shown", { shown: shown }) + ")";
    countEl.textContent = words;
  }

  // A short message in the side panel; it goes by itself after a while (errors stay).
  var sayTimer = null;
  function say(message, keep) {
    if (!statusEl) return;
    statusEl.textContent = message || "";
    statusEl.hidden = !message;
    clearTimeout(sayTimer);
    if (message && !keep) sayTimer = setTimeout(function () { statusEl.hidden = true; }, 8000);
  }

  // --- focus and expansion ------------------------------------------------------------------

  function focusNode(id) {
    if (!nodes.get(id)) return false;
    var rec = records.get(id);
    var cls = rec && classes.get(rec.cls);
    if (cls && !cls.visible) setClassVisible(cls.iri, true);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    select(id);
    view.lastFocus = id;
    document.body.dataset.focus = id;
    scheduleLabels();
    return true;
  }

  function select(id) {
    selection = id;
    if (id && view.showDetails) view.showDetails(id);
    saveState();
    emit("select", id);
  }
  var selection = null;

  function fetchJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) {
        return response.json().then(
          function (body) {
            var message = body && body.error ? body.error.message : "HTTP " + response.status;
            throw new Error(message);
          },
          function () { throw new Error("HTTP " + response.status + " for " + url); }
        );
      }
      return response.json();
    });
  }

  function groupsURL(id, extra) {
    return api.entities + encodeId(id) + "/neighbourhood?group=class&details=true&lang=" +
      encodeURIComponent(lang) + "&limit=" + (extra ? OPEN_PAGE : GROUP_PAGE) + periodQuery() + (extra || "");
  }

  // The page's period as query parameters ("&from=…&to=…"): an expansion draws only what the
  // page does.
  function periodQuery() {
    var chosen = data.selection || {};
    return ["from", "to", "as_of", "undated"].map(function (name) {
      return chosen[name] ? "&" + name + "=" + encodeURIComponent(chosen[name]) : "";
    }).join("");
  }

  // Places `fresh` records around `centre` on a golden-angle spiral, each where no node is
  // yet (so pages of a summary and later expansions never pile up on each other).
  function place(fresh, centre) {
    var origin = nodes.get(centre) ? network.getPosition(centre) : network.getViewPosition();
    var positions = network.getPositions();
    var taken = Object.keys(positions).map(function (id) { return positions[id]; });
    var gap = EDGE_LENGTH * 0.45;
    var golden = Math.PI * (3 - Math.sqrt(5));
    var k = 0;
    return fresh.map(function (rec) {
      var x, y, free;
      do {
        k += 1;
        var r = EDGE_LENGTH * 0.9 + gap * Math.sqrt(k);
        x = origin.x + r * Math.cos(k * golden);
        y = origin.y + r * Math.sin(k * golden);
        free = true;
        for (var i = 0; i < taken.length && free; i++) {
          var dx = taken[i].x - x, dy = taken[i].y - y;
          free = dx * dx + dy * dy >= gap * gap;
        }
      } while (!free && k < 20000);
      taken.push({ x: x, y: y });
      return visNode(rec, x, y, nodeSize(rec, 1));
    });
  }

  function linkOf(hub, group, other) {
    var out = group.direction === "out";
    return { from: out ? hub : other, to: out ? other : hub, predicate: group.predicate, inverse: group.inverse || null };
  }

  function rememberPredicate(iri, label, labels) {
    if (predicates.has(iri)) return;
    predicates.set(iri, labels || terms[iri] || (function () { var l = {}; l[lang] = label; return l; })());
  }

  function groupRecordId(hub, g) {
    return "group:" + hub + "|" + g.predicate + "|" + g.direction + "|" + (g.cls || "");
  }

  // Adds one answer of the grouped neighbourhood API around `hub`: small groups as their
  // nodes, big ones as a summary node. Returns how many nodes were added.
  function addGroups(hub, answer) {
    var fresh = [];
    var links = [];
    (answer.groups || []).forEach(function (g) {
      rememberPredicate(g.predicate, g.label, g.labels);
      if (g.cls && g.class_labels && !terms[g.cls]) terms[g.cls] = g.class_labels;
      var members = g.nodes || [];
      if (g.count > GROUP_PAGE) {
        var gid = groupRecordId(hub, g);
        if (!records.has(gid)) {
          var rec = addRecord({
            id: gid,
            depth: (records.get(hub) || { depth: 0 }).depth + 1,
            group: { hub: hub, predicate: g.predicate, direction: g.direction, cls: g.cls || "", count: g.count, shown: 0, inverse: g.inverse || null },
          });
          fresh.push(rec);
          links.push(Object.assign(linkOf(hub, g, gid), { group: true }));
        }
        return;
      }
      members.forEach(function (raw) {
        if (!records.has(raw.id)) fresh.push(addRecord(Object.assign({ depth: 1 }, raw)));
        links.push(linkOf(hub, g, raw.id));
      });
    });
    return addPlaced(fresh, links, hub);
  }

  // `at` (optional): id -> {x, y} of records placed by the caller; the others go round `centre`.
  function addPlaced(fresh, links, centre, at) {
    if (at) {
      nodes.add(fresh.filter(function (rec) { return at.has(rec.id); }).map(function (rec) {
        return visNode(rec, at.get(rec.id).x, at.get(rec.id).y, nodeSize(rec, 1));
      }));
    }
    nodes.add(place(fresh.filter(function (rec) { return !at || !at.has(rec.id); }), centre));
    var newEdges = new Map();
    links.forEach(function (link) {
      var edge = visEdge(link);
      if (!edges.get(edge.id) && records.has(link.from) && records.has(link.to)) newEdges.set(edge.id, edge);
    });
    newEdges = Array.from(newEdges.values());
    edges.add(newEdges);
    if (fresh.length) {
      // The whole view when it stays readable at that zoom, else the centre and what came.
      fitToNodes();
      if (network.getScale() < 0.35) {
        fitToNodes([centre].concat(fresh.map(function (r) { return r.id; })).filter(function (id) { return nodes.get(id); }));
      }
    }
    renderLegend();
    updateCount();
    scheduleLabels();
    emit("change");
    return fresh.length;
  }

  // Opens a summary node a page at a time: its members join the view, linked to the hub.
  function openGroup(gid) {
    var rec = records.get(gid);
    var g = rec.group;
    var extra = "&predicate=" + encodeURIComponent(g.predicate) + "&direction=" + g.direction +
      (g.cls ? "&type=" + encodeURIComponent(g.cls) : "") + "&offset=" + g.shown;
    return fetchJSON(groupsURL(g.hub, extra)).then(function (answer) {
      var fresh = [];
      var links = [];
      var group = (answer.groups || [])[0];
      var members = group ? group.nodes || [] : [];
      members.forEach(function (raw) {
        if (!records.has(raw.id)) fresh.push(addRecord(Object.assign({ depth: rec.depth }, raw)));
        links.push(linkOf(g.hub, g, raw.id));
      });
      g.shown += members.length;
      var added = addPlaced(fresh, links, gid);
      if (!members.length || g.shown >= g.count) removeGroup(gid);
      else scheduleLabels();
      return added;
    });
  }

  function removeGroup(gid) {
    var ids = network.getConnectedEdges(gid);
    edges.remove(ids);
    nodes.remove(gid);
    records.delete(gid);
    if (selection === gid) select(null);
    updateCount();
    scheduleLabels();
    emit("change");
  }

  // Adds `id`'s neighbourhood (or opens a summary node). `seed`: the search hit of an entity
  // not drawn yet, which joins the view first.
  function expand(id, quiet, seed) {
    if (!api) return Promise.resolve(0);
    var rec = records.get(id);
    var step;
    if (rec && rec.group) step = openGroup(id);
    else {
      say(t("graph.expanding", { name: rec ? fullName(rec) : id }), true);
      step = fetchJSON(groupsURL(id)).then(function (answer) {
        if (!records.has(id)) {
          var focus = answer.node || seed || { id: id, iri: "", labels: {}, types: [] };
          addPlaced([addRecord(Object.assign({}, focus, { depth: 0 }))], [], id);
        }
        return addGroups(id, answer);
      });
    }
    return step.then(function (added) {
      view.expansions += 1;
      document.body.dataset.expansions = String(view.expansions);
      if (!quiet) {
        expanded.push(id);
        saveState();
      }
      var name = records.has(id) ? fullName(records.get(id)) : id;
      say(added ? "" : t("graph.nothing_new", { name: name }));
      return added;
    }, function (error) {
      say("");
      throw error;
    });
  }
  var expanded = [];

  network.on("doubleClick", function (params) {
    if (!params.nodes.length) return;
    var id = params.nodes[0];
    if (api) expand(id).catch(reportError);
    else focusNode(id);
  });
  network.on("click", function (params) {
    select(params.nodes.length ? params.nodes[0] : null);
    scheduleLabels();
  });

  function reportError(error) {
    say(t("graph.error", { message: String((error && error.message) || error) }), true);
  }

  // --- state in the URL -----------------------------------------------------------------------

  var restoring = false;
  var stateParts = []; // other panels' functions that add their state to the hash's parameters

  function saveState() {
    if (restoring) return;
    var params = new URLSearchParams();
    if (expanded.length) params.set("x", expanded.join(" "));
    var hidden = [];
    classes.forEach(function (cls) { if (!cls.visible) hidden.push(cls.iri); });
    if (hidden.length) params.set("hide", hidden.join(" "));
    if (selection) params.set("sel", selection);
    stateParts.forEach(function (part) { part(params); });
    if (!api) params.set("lang", lang); // a served page keeps it in the query (the server's too)
    var hash = "#" + params.toString();
    var url = location.pathname + location.search;
    if (api) {
      // The language is the server's too: keep `lang=` of the query in step.
      var query = new URLSearchParams(location.search);
      query.set("lang", lang);
      url = location.pathname + "?" + query.toString();
    }
    if (url + hash !== location.pathname + location.search + location.hash) {
      try { history.replaceState(null, "", url + hash); } catch (e) { /* a file: page may refuse */ }
    }
  }

  function restoreState() {
    var params = new URLSearchParams(location.hash.slice(1));
    var todo = (params.get("x") || "").split(" ").filter(Boolean);
    var hide = (params.get("hide") || "").split(" ").filter(Boolean);
    var sel = params.get("sel");
    restoring = true;
    var chain = Promise.resolve();
    todo.forEach(function (id) {
      chain = chain.then(function () {
        if (!records.has(id) && id.indexOf("group:") === 0) return null;
        return expand(id, true).then(function () { expanded.push(id); });
      });
    });
    return chain
      .catch(reportError)
      .then(function () {
        hide.forEach(function (iri) { setClassVisible(iri, false, true); });
        if (sel && records.has(sel)) focusNode(sel);
      })
      .then(function () {
        restoring = false;
        saveState();
        document.body.dataset.restored = "1";
        emit("restored");
      });
  }

  var shareButton = document.getElementById("gk-share");
  if (shareButton) {
    shareButton.addEventListener("click", function () {
      saveState();
      var link = location.href;
      var done = function () { say(t("graph.share_done") + ": " + link); };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(link).then(done, done);
      else done();
      document.body.dataset.shared = link;
    });
  }
  var fitButton = document.getElementById("gk-fit");
  if (fitButton) fitButton.addEventListener("click", function () { fitToNodes(); });

  // --- language -------------------------------------------------------------------------------

  function translatePage() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-t]").forEach(function (node) {
      var values = {};
      Object.keys(node.dataset).forEach(function (key) {
        if (key.indexOf("t") === 0 && key.length > 1 && key !== "tPlaceholder" && key !== "tAriaLabel") {
          values[key.charAt(1).toLowerCase() + key.slice(2)] = node.dataset[key];
        }
      });
      node.textContent = t(node.dataset.t, values);
    });
    document.querySelectorAll("[data-t-placeholder]").forEach(function (node) {
      node.placeholder = t(node.dataset.tPlaceholder);
    });
    document.querySelectorAll("[data-t-aria-label]").forEach(function (node) {
      node.setAttribute("aria-label", t(node.dataset.tAriaLabel));
    });
  }

  // The heading names the focus in the page's language: "BIWAQ — Bildung, Wirtschaft, …".
  function retitle() {
    var rec = data.focus && records.get(data.focus);
    if (!rec) return;
    var full = fullName(rec);
    var name = displayName(rec) !== full ? displayName(rec) + " \u2014 " + full : full;
    document.querySelector(".gk-title").textContent = name;
    document.title = name + " \u00b7 graphkit";
  }

  function setLanguage(wanted) {
    if (!text[wanted]) return;
    lang = wanted;
    retitle();
    langSelect.value = lang;
    try { window.localStorage.setItem("gk_lang", lang); } catch (e) { /* storage off */ }
    if (api) document.cookie = "gk_lang=" + lang + "; path=/; SameSite=Lax; max-age=31536000";
    translatePage();
    renderLegend();
    updateCount();
    scheduleLabels();
    saveState();
    emit("language", lang);
  }

  var langSelect = document.getElementById("gk-lang");
  langSelect.value = lang;
  langSelect.addEventListener("change", function () { setLanguage(langSelect.value); });

  // --- what the page's other scripts use --------------------------------------------------------

  view.focusNode = focusNode;
  view.fit = function () { fitToNodes(); };
  view.expand = expand;
  view.setClassVisible = setClassVisible;
  view.setLanguage = setLanguage;
  view.api = api;
  view.pick = pick;
  view.t = t;
  view.on = on;
  view.emit = emit;
  view.say = say;
  view.fullName = fullName;
  view.displayName = displayName;
  view.cut = cut; // a long name shortened the way the drawing does (for other panels)
  view.className = className;
  view.classLabel = className;
  view.classStyle = function (iri) {
    var cls = classes.get(iri);
    var style = styleOf(iri);
    return { iri: iri, labels: (cls && cls.labels) || terms[iri] || {}, color: style.color, shape: style.shape };
  };
  view.legend = function () {
    return Array.from(classes.values())
      .filter(function (c) { return c.count > 0; })
      .sort(function (a, b) { return a.order - b.order || (a.iri < b.iri ? -1 : 1); })
      .map(function (c) {
        return { iri: c.iri, label: className(c.iri), color: c.color, shape: c.shape, count: c.count, visible: c.visible };
      });
  };
  view.fetchJSON = fetchJSON;
  view.reportError = reportError;
  view.language = function () { return lang; };
  view.selection = function () { return selection; };
  view.classNames = function (rec) {
    if (!rec.types.length) return "";
    return rec.types.map(className).join(", ");
  };
  view.predicateLabel = predicateLabel;
  view.state = function () { return location.href; };
  view.selectionQuery = function () { return Object.assign({}, data.selection || {}); };
  view.periodQuery = periodQuery;
  view.scheduleLabels = scheduleLabels;
  // Another panel keeps its state in the hash: `part(params)` adds to its URLSearchParams.
  view.addState = function (part) { stateParts.push(part); };
  view.saveState = saveState;
  // Nodes that another panel highlights are labelled first; [] ends it.
  view.emphasise = function (ids) {
    emphasised = new Set(ids || []);
    scheduleLabels();
  };
  // Adds entities (records as the API gives them) not drawn yet, at `at` (a Map id -> {x, y})
  // or around `centre`, and `links` ({from, to, predicate, inverse}) between drawn nodes.
  // Returns how many nodes were added.
  view.addNodes = function (raws, links, centre, at) {
    var fresh = raws.filter(function (raw) { return !records.has(raw.id); }).map(function (raw) {
      return addRecord(Object.assign({ depth: 1 }, raw));
    });
    return addPlaced(fresh, links || [], centre, at);
  };
  // Takes nodes (and their links) out of the view again: what addNodes brought, on a clear.
  view.removeNodes = function (ids) {
    ids.forEach(function (id) {
      var rec = records.get(id);
      if (!rec) return;
      edges.remove(network.getConnectedEdges(id));
      nodes.remove(id);
      records.delete(id);
      var cls = classes.get(rec.cls);
      if (cls && !rec.group) cls.count -= 1;
      if (selection === id) select(null);
    });
    renderLegend();
    updateCount();
    scheduleLabels();
    emit("change");
  };
  updateCount();
  translatePage();
  if (lang !== data.lang) retitle();
  if (data.focus && nodes.get(data.focus)) network.selectNodes([data.focus]);
  // Other scripts register their listeners first; the stored state is restored after them
  // (after every script of the page has run: a timeout alone may fire between two of them).
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { restoreState(); });
  else setTimeout(function () { restoreState(); }, 0);
})();
