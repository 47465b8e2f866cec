/* graphkit network view: export of the current view as PNG, SVG, GEXF 1.3 or GraphML.
 *
 * Adds an "Export ▾" menu to #gk-tools. Every file is built in the page from what is drawn
 * (positions, colours, shapes, labels in the current language; hidden nodes left out) and
 * handed to the browser as a Blob behind an <a download>: no request to any host, so the
 * exported offline file exports too. Texts of the data are XML-escaped, never markup.
 *
 * window.graphkitExport exposes the builders (svg, gexf, graphml: strings) for tests.
 */
(function () {
  "use strict";

  var view = window.graphkitView;
  var util = window.graphkitUtil;
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var DATE_TYPES = [XSD + "date", XSD + "gYear", XSD + "gYearMonth", XSD + "dateTime"];
  var FONT = 14; // vis-network's label size at scale 1 (graph.js options)
  var EDGE_COLOUR = "#b5bdc8";
  var LABEL_CHARS = 28; // as graph.js cuts the labels it draws
  var FORMATS = [
    { format: "png", key: "export.png", type: "image/png" },
    { format: "svg", key: "export.svg", type: "image/svg+xml" },
    { format: "gexf", key: "export.gexf", type: "application/gexf+xml" },
    { format: "graphml", key: "export.graphml", type: "application/graphml+xml" },
  ];

  // --- what is drawn ------------------------------------------------------------------------

  function t(key, values) {
    return view.t(key, values);
  }

  function colourOf(item, rec) {
    var c = item.color;
    if (typeof c === "string") return c;
    if (c && c.background) return c.background;
    return view.classStyle(rec ? rec.cls : "").color;
  }

  function sizeOf(item) {
    var drawn = view.network.body.nodes[item.id];
    return item.size || (drawn && drawn.options.size) || 12;
  }

  // The nodes drawn now (not hidden), with their positions, colours, shapes and names.
  function drawnNodes() {
    var positions = view.network.getPositions();
    return view.nodes
      .get({ filter: function (n) { return !n.hidden && positions[n.id]; } })
      .map(function (item) {
        var rec = view.records.get(item.id) || { id: item.id, labels: {}, types: [], cls: "", facts: [] };
        return {
          id: item.id,
          rec: rec,
          x: positions[item.id].x,
          y: positions[item.id].y,
          size: sizeOf(item),
          shape: item.shape || view.classStyle(rec.cls).shape || "dot",
          colour: colourOf(item, rec),
          border: (item.color && item.color.border) || "#2b2b2b",
          name: view.displayName(rec),
        };
      });
  }

  function drawnEdges(shown) {
    return view.edges.get({
      filter: function (e) { return !e.hidden && shown.has(e.from) && shown.has(e.to); },
    });
  }

  function shownLegend() {
    return view.legend().filter(function (entry) { return entry.visible && entry.count > 0; });
  }

  // File name: graphkit-<focus or "graph">.<ext>, the focus being the id the view was drawn around.
  // (Read when asked: the page data of a big view takes a while to parse.)
  function fileName(ext) {
    var focus = JSON.parse(document.getElementById("gk-data").textContent).focus;
    var stem = String(focus || "graph").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "");
    return "graphkit-" + (stem || "graph") + "." + ext;
  }

  // --- shapes (shared by the SVG and the PNG legend) ----------------------------------------

  function ring(cx, cy, r, count, start, inner) {
    var points = [];
    for (var i = 0; i < count; i++) {
      var angle = start + (i * 2 * Math.PI) / count;
      var radius = inner && i % 2 ? inner : r;
      points.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
    }
    return points;
  }

  // The outline of a vis-network shape as a polygon (approximate), or null for a circle.
  function shapePoints(shape, cx, cy, r) {
    switch (shape) {
      case "square":
        return [[cx - r, cy - r], [cx + r, cy - r], [cx + r, cy + r], [cx - r, cy + r]];
      case "diamond":
        return [[cx, cy - r], [cx + r, cy], [cx, cy + r], [cx - r, cy]];
      case "triangle":
        return ring(cx, cy, r * 1.15, 3, -Math.PI / 2);
      case "triangleDown":
        return ring(cx, cy, r * 1.15, 3, Math.PI / 2);
      case "star":
        return ring(cx, cy, r * 1.2, 10, -Math.PI / 2, r * 0.5);
      case "hexagon":
        return ring(cx, cy, r, 6, 0);
      default:
        return null;
    }
  }

  // --- XML -----------------------------------------------------------------------------------

  function xml(text) {
    return String(text === undefined || text === null ? "" : text)
      // Characters XML 1.0 does not allow at all.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;");
  }

  function num(value) {
    return String(Math.round(value * 100) / 100);
  }

  // --- SVG -----------------------------------------------------------------------------------

  function svgShape(node) {
    var points = shapePoints(node.shape, node.x, node.y, node.size);
    var common = ' fill="' + xml(node.colour) + '" stroke="' + xml(node.border || "#2b2b2b") + '"' +
      (node.rec.group ? ' stroke-width="3" stroke-dasharray="5 4"' : ' stroke-width="1"') +
      ' data-id="' + xml(node.id) + '" data-class="' + xml(node.rec.cls || "") + '"' +
      (node.rec.group ? ' data-group="1"' : "");
    var title = node.name ? "<title>" + xml(node.name) + "</title>" : "";
    var close = title ? ">" + title + (points ? "</polygon>" : "</circle>") : "/>";
    if (!points) {
      return '<circle cx="' + num(node.x) + '" cy="' + num(node.y) + '" r="' + num(node.size) + '"' + common + close;
    }
    return '<polygon points="' + points.map(function (p) { return num(p[0]) + "," + num(p[1]); }).join(" ") +
      '"' + common + close;
  }

  function cut(name) {
    return name.length > LABEL_CHARS ? name.slice(0, LABEL_CHARS - 1).trimEnd() + "\u2026" : name;
  }

  // Labels as the page draws them: cut when long, and only where they overlap no other
  // (bigger nodes first); every node has its whole name as its <title>.
  function svgLabels(list) {
    var chosen = [];
    var grid = new Map(); // cell "i,j" -> boxes chosen that touch it (a 10,000-node view stays fast)
    var CELL = 200;
    function cells(box, fn) {
      for (var i = Math.floor(box.left / CELL); i <= Math.floor(box.right / CELL); i++) {
        for (var j = Math.floor(box.top / CELL); j <= Math.floor(box.bottom / CELL); j++) fn(i + "," + j);
      }
    }
    // Shapes are obstacles too: a label covers no node but its own.
    list.forEach(function (n) {
      var shape = { left: n.x - n.size, right: n.x + n.size, top: n.y - n.size, bottom: n.y + n.size, owner: n.id };
      cells(shape, function (key) {
        if (!grid.has(key)) grid.set(key, []);
        grid.get(key).push(shape);
      });
    });
    var order = list.slice().sort(function (a, b) {
      return (b.rec.group ? 1 : 0) - (a.rec.group ? 1 : 0) || b.size - a.size || (a.id < b.id ? -1 : 1);
    });
    order.forEach(function (n) {
      var text = view.cut ? view.cut(n.name) : cut(n.name);
      var half = textWidth(text, FONT) / 2;
      var box = { left: n.x - half, right: n.x + half, top: n.y + n.size + 2, bottom: n.y + n.size + 2 + FONT * 1.2 };
      var clash = false;
      cells(box, function (key) {
        clash = clash || (grid.get(key) || []).some(function (o) {
          if (o.owner === n.id) return false;
          return box.left < o.right && box.right > o.left && box.top < o.bottom && box.bottom > o.top;
        });
      });
      if (clash) return;
      chosen.push({ node: n, text: text, box: box });
      cells(box, function (key) {
        if (!grid.has(key)) grid.set(key, []);
        grid.get(key).push(box);
      });
    });
    return chosen.map(function (c) {
      return '<text x="' + num(c.node.x) + '" y="' + num(c.box.top + FONT) + '">' + xml(c.text) + "</text>";
    });
  }

  function svgEdge(edge, byId) {
    var a = byId.get(edge.from), b = byId.get(edge.to);
    if (a === b) {
      return '<circle cx="' + num(a.x) + '" cy="' + num(a.y - a.size) + '" r="' + num(a.size * 0.7) +
        '" fill="none" stroke="' + EDGE_COLOUR + '" stroke-width="1"/>';
    }
    var dx = b.x - a.x, dy = b.y - a.y;
    var length = Math.sqrt(dx * dx + dy * dy) || 1;
    // End the line at the target's outline so the arrowhead stays visible.
    var end = Math.max(length - b.size - 1, 0) / length;
    return '<line x1="' + num(a.x) + '" y1="' + num(a.y) + '" x2="' + num(a.x + dx * end) + '" y2="' +
      num(a.y + dy * end) + '" stroke="' + EDGE_COLOUR + '" stroke-width="1" marker-end="url(#gk-arrow)">' +
      "<title>" + xml(view.predicateLabel(edge.predicate)) + "</title></line>";
  }

  function textWidth(text, size) {
    return String(text).length * size * 0.55;
  }

  function buildSVG() {
    var list = drawnNodes();
    var byId = new Map(list.map(function (n) { return [n.id, n]; }));
    var links = drawnEdges(byId);
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    list.forEach(function (n) {
      var half = Math.max(n.size, textWidth(cut(n.name), FONT) / 2);
      minX = Math.min(minX, n.x - half); maxX = Math.max(maxX, n.x + half);
      minY = Math.min(minY, n.y - n.size); maxY = Math.max(maxY, n.y + n.size + FONT * 1.6);
    });
    if (!list.length) { minX = minY = 0; maxX = maxY = 100; }
    var legend = shownLegend();
    var legendX = maxX + 40;
    var legendWidth = legend.reduce(function (w, entry) {
      return Math.max(w, 24 + textWidth(entry.label + " (" + entry.count + ")", FONT));
    }, textWidth(t("graph.classes"), FONT));
    maxX = legendX + legendWidth;
    maxY = Math.max(maxY, minY + (legend.length + 1) * 22 + 10);
    var pad = 20;
    var box = [minX - pad, minY - pad, maxX - minX + 2 * pad, maxY - minY + 2 * pad];
    var out = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="' + box.map(num).join(" ") + '" width="' +
        num(box[2]) + '" height="' + num(box[3]) + '" font-family="system-ui, sans-serif" font-size="' + FONT + '">',
      "<title>" + xml(document.title) + "</title>",
      '<defs><marker id="gk-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8"' +
        ' markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="' + EDGE_COLOUR +
        '"/></marker></defs>',
      '<rect x="' + num(box[0]) + '" y="' + num(box[1]) + '" width="' + num(box[2]) + '" height="' + num(box[3]) +
        '" fill="#ffffff"/>',
      '<g class="edges">',
    ];
    links.forEach(function (edge) { out.push(svgEdge(edge, byId)); });
    out.push("</g>", '<g class="nodes">');
    list.forEach(function (n) { out.push(svgShape(n)); });
    out.push("</g>", '<g class="labels" text-anchor="middle" fill="#222" stroke="#fff" stroke-width="3"' +
      ' paint-order="stroke">');
    out.push.apply(out, svgLabels(list));
    out.push("</g>", '<g class="legend" transform="translate(' + num(legendX) + " " + num(minY) + ')">',
      '<text x="0" y="0" font-weight="bold">' + xml(t("graph.classes")) + "</text>");
    legend.forEach(function (entry, i) {
      var y = 22 * (i + 1);
      var swatch = { x: 7, y: y - 5, size: 6, shape: entry.shape, colour: entry.color, id: "", rec: { cls: entry.iri } };
      out.push(svgShape(swatch).replace(' data-id=""', ' data-legend="1"'),
        '<text x="20" y="' + y + '">' + xml(entry.label + " (" + entry.count + ")") + "</text>");
    });
    out.push("</g>", "</svg>", "");
    return out.join("\n");
  }

  // --- GEXF and GraphML ----------------------------------------------------------------------

  // Group nodes (a summary such as "177 cities ▸" standing for many neighbours) are no
  // entities: GEXF and GraphML carry only entities and the edges between them, so a
  // re-import gives the graph's own nodes. The SVG and PNG show what is drawn, groups too.
  function entityGraph() {
    var list = drawnNodes().filter(function (n) { return !n.rec.group; });
    var byId = new Map(list.map(function (n) { return [n.id, n]; }));
    var classLabels = new Map(view.legend().map(function (entry) { return [entry.iri, entry.label]; }));
    // One attribute per predicate of a dated fact, named after the predicate.
    var dated = new Map(); // predicate IRI -> attribute name
    var taken = new Set(["id", "iri", "label", "label_en", "label_de", "class", "class_label", "colour", "x", "y"]);
    list.forEach(function (n) {
      (n.rec.facts || []).forEach(function (fact) {
        if (DATE_TYPES.indexOf(fact[2]) < 0 || dated.has(fact[0])) return;
        var name = util.shortName(fact[0]);
        while (taken.has(name)) name = "date_" + name;
        taken.add(name);
        dated.set(fact[0], name);
      });
    });
    var rows = list.map(function (n) {
      var rec = n.rec;
      var values = {
        id: n.id,
        iri: rec.iri || "",
        label: n.name,
        label_en: (rec.labels && rec.labels.en) || "",
        label_de: (rec.labels && rec.labels.de) || "",
        class: rec.cls || "",
        class_label: classLabels.get(rec.cls) || "",
        colour: n.colour,
        x: n.x,
        y: n.y,
      };
      dated.forEach(function (name, predicate) {
        var found = (rec.facts || []).filter(function (f) { return f[0] === predicate; }).map(function (f) { return f[1]; });
        if (found.length) values[name] = found.join(" ");
      });
      return { node: n, values: values };
    });
    var links = drawnEdges(byId).map(function (edge, i) {
      return { id: "e" + i, edge: edge, label: view.predicateLabel(edge.predicate) };
    });
    var attributes = [
      ["id", "string"], ["iri", "string"], ["label_en", "string"], ["label_de", "string"],
      ["class", "string"], ["class_label", "string"], ["colour", "string"], ["x", "double"], ["y", "double"],
    ];
    dated.forEach(function (name) { attributes.push([name, "string"]); });
    return { rows: rows, links: links, attributes: attributes };
  }

  var GEXF_SHAPES = { dot: "disc", square: "square", triangle: "triangle", triangleDown: "triangle", diamond: "diamond" };

  function rgb(colour) {
    var hex = /^#?([0-9a-f]{6})$/i.exec(String(colour).trim());
    var value = hex ? parseInt(hex[1], 16) : 0x999999;
    return { r: (value >> 16) & 255, g: (value >> 8) & 255, b: value & 255 };
  }

  function buildGEXF() {
    var graph = entityGraph();
    var out = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" ' +
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
        'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
      '<meta lastmodifieddate="' + new Date().toISOString().slice(0, 10) + '"><creator>graphkit</creator>' +
        "<description>" + xml(document.title) + "</description></meta>",
      '<graph defaultedgetype="directed" mode="static">',
      '<attributes class="node" mode="static">',
    ];
    graph.attributes.forEach(function (a, i) {
      out.push('<attribute id="' + i + '" title="' + xml(a[0]) + '" type="' + a[1] + '"/>');
    });
    out.push("</attributes>", '<attributes class="edge" mode="static">',
      '<attribute id="predicate" title="predicate" type="string"/>', "</attributes>", "<nodes>");
    graph.rows.forEach(function (row) {
      var n = row.node;
      var c = rgb(n.colour);
      out.push('<node id="' + xml(n.id) + '" label="' + xml(row.values.label) + '"><attvalues>');
      graph.attributes.forEach(function (a, i) {
        if (row.values[a[0]] === undefined) return;
        out.push('<attvalue for="' + i + '" value="' + xml(row.values[a[0]]) + '"/>');
      });
      out.push("</attvalues>",
        '<viz:color r="' + c.r + '" g="' + c.g + '" b="' + c.b + '" a="1.0"/>',
        '<viz:position x="' + num(n.x) + '" y="' + num(n.y) + '" z="0.0"/>',
        '<viz:size value="' + num(n.size) + '"/>',
        '<viz:shape value="' + (GEXF_SHAPES[n.shape] || "disc") + '"/>',
        "</node>");
    });
    out.push("</nodes>", "<edges>");
    graph.links.forEach(function (link) {
      out.push('<edge id="' + link.id + '" source="' + xml(link.edge.from) + '" target="' + xml(link.edge.to) +
        '" label="' + xml(link.label) + '"><attvalues><attvalue for="predicate" value="' +
        xml(link.edge.predicate) + '"/></attvalues></edge>');
    });
    out.push("</edges>", "</graph>", "</gexf>", "");
    return out.join("\n");
  }

  function buildGraphML() {
    var graph = entityGraph();
    var keys = [["label", "string"]].concat(graph.attributes);
    var out = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" ' +
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ];
    keys.forEach(function (k, i) {
      out.push('<key id="n' + i + '" for="node" attr.name="' + xml(k[0]) + '" attr.type="' + k[1] + '"/>');
    });
    out.push('<key id="e0" for="edge" attr.name="predicate" attr.type="string"/>',
      '<key id="e1" for="edge" attr.name="label" attr.type="string"/>',
      '<graph id="graphkit" edgedefault="directed">');
    graph.rows.forEach(function (row) {
      out.push('<node id="' + xml(row.node.id) + '">');
      keys.forEach(function (k, i) {
        if (row.values[k[0]] === undefined) return;
        out.push('<data key="n' + i + '">' + xml(row.values[k[0]]) + "</data>");
      });
      out.push("</node>");
    });
    graph.links.forEach(function (link) {
      out.push('<edge id="' + link.id + '" source="' + xml(link.edge.from) + '" target="' + xml(link.edge.to) + '">' +
        '<data key="e0">' + xml(link.edge.predicate) + '</data><data key="e1">' + xml(link.label) + "</data></edge>");
    });
    out.push("</graph>", "</graphml>", "");
    return out.join("\n");
  }

  // --- PNG -------------------------------------------------------------------------------------

  // The canvas as drawn, on white, with the legend beside it (never over the drawing).
  function buildPNG() {
    var source = view.network.canvas.frame.canvas;
    var ratio = source.width / Math.max(source.clientWidth, 1);
    var canvas = document.createElement("canvas");
    var ctx = canvas.getContext("2d");
    var size = legendSize(ctx);
    canvas.width = source.width + Math.ceil((size.width + 16) * ratio);
    canvas.height = Math.max(source.height, Math.ceil((size.height + 16) * ratio));
    ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(source, 0, 0);
    ctx.scale(ratio, ratio);
    drawLegend(ctx, source.clientWidth);
    return new Promise(function (resolve, reject) {
      canvas.toBlob(function (blob) {
        if (blob) resolve(blob);
        else reject(new Error("the canvas gave no image"));
      }, "image/png");
    });
  }

  function legendSize(ctx) {
    var legend = shownLegend();
    ctx.font = "13px system-ui, sans-serif";
    var width = legend.reduce(function (w, entry) {
      return Math.max(w, 22 + ctx.measureText(entry.label + " (" + entry.count + ")").width);
    }, ctx.measureText(t("graph.classes")).width) + 16;
    return { width: width, height: (legend.length + 1) * 18 + 12 };
  }

  function drawLegend(ctx, left) {
    var legend = shownLegend();
    var line = 18;
    var size = legendSize(ctx);
    ctx.save();
    ctx.translate(left, 0);
    ctx.fillStyle = "#ffffff";
    ctx.strokeStyle = "#cccccc";
    ctx.fillRect(8, 8, size.width, size.height);
    ctx.strokeRect(8.5, 8.5, size.width, size.height);
    ctx.textBaseline = "middle";
    ctx.fillStyle = "#222222";
    ctx.font = "bold 13px system-ui, sans-serif";
    ctx.fillText(t("graph.classes"), 16, 8 + 6 + line / 2);
    ctx.font = "13px system-ui, sans-serif";
    legend.forEach(function (entry, i) {
      var y = 8 + 6 + line * (i + 1.5);
      var points = shapePoints(entry.shape, 23, y, 6);
      ctx.beginPath();
      if (points) {
        points.forEach(function (p, j) { if (j) ctx.lineTo(p[0], p[1]); else ctx.moveTo(p[0], p[1]); });
        ctx.closePath();
      } else {
        ctx.arc(23, y, 6, 0, 2 * Math.PI);
      }
      ctx.fillStyle = entry.color;
      ctx.fill();
      ctx.strokeStyle = "#2b2b2b";
      ctx.stroke();
      ctx.fillStyle = "#222222";
      ctx.fillText(entry.label + " (" + entry.count + ")", 36, y);
    });
    ctx.restore();
  }

  // --- download and menu ---------------------------------------------------------------------

  function build(format) {
    var spec = FORMATS.filter(function (f) { return f.format === format; })[0];
    if (format === "png") return buildPNG();
    var text = format === "svg" ? buildSVG() : format === "gexf" ? buildGEXF() : buildGraphML();
    return Promise.resolve(new Blob([text], { type: spec.type + ";charset=utf-8" }));
  }

  function download(format) {
    return build(format).then(function (blob) {
      var url = URL.createObjectURL(blob);
      var link = document.createElement("a");
      link.href = url;
      link.download = fileName(format);
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      // The download has its own reference to the blob once it started.
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    });
  }

  var tools = document.getElementById("gk-tools");
  var wrap = util.el("div", null, "gk-export");
  var toggle = util.el("button", null, "gk-export-toggle");
  toggle.type = "button";
  toggle.id = "gk-export";
  toggle.setAttribute("aria-haspopup", "menu");
  toggle.setAttribute("aria-expanded", "false");
  var menu = util.el("ul", null, "gk-export-menu");
  menu.id = "gk-export-menu";
  menu.setAttribute("role", "menu");
  menu.hidden = true;
  var items = FORMATS.map(function (spec) {
    var item = util.el("li");
    item.setAttribute("role", "none");
    var button = util.el("button");
    button.type = "button";
    button.setAttribute("role", "menuitem");
    button.dataset.format = spec.format;
    button.addEventListener("click", function () {
      setOpen(false);
      download(spec.format).catch(function (error) {
        view.say(t("export.failed", { message: String(error.message || error) }));
      });
    });
    item.append(button);
    menu.append(item);
    return { spec: spec, button: button };
  });
  wrap.append(toggle, menu);
  tools.append(wrap);

  function setOpen(open) {
    menu.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
  }

  toggle.addEventListener("click", function () { setOpen(menu.hidden); });
  document.addEventListener("click", function (event) {
    if (!wrap.contains(event.target)) setOpen(false);
  });
  wrap.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { setOpen(false); toggle.focus(); }
  });

  function translateMenu() {
    toggle.textContent = t("export.menu") + " ▾";
    toggle.title = t("export.title");
    items.forEach(function (entry) { entry.button.textContent = t(entry.spec.key); });
  }
  translateMenu();
  view.on("language", translateMenu);

  window.graphkitExport = { svg: buildSVG, gexf: buildGEXF, graphml: buildGraphML, png: buildPNG, fileName: fileName };
})();
