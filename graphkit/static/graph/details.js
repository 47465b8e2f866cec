/* graphkit network view: short tooltips on hover and the details panel that says who says what.
 *
 * The panel shows an entity's statements as the entity JSON gives them (fetched on select,
 * cached per entity and language): each value with the titles of its sources, their
 * certainty, the quote in its own language with its line, the qualifier ("almost 200") and
 * the dates. Several values of one property from different sources (BBWA's start year 1999
 * and 2001) stand side by side, each under its sources. An exported file has no API: its
 * panel shows what the node's record carries.
 *
 * Every text is written with textContent; only web addresses (or the server's own entity
 * pages) become links. Every UI word comes from view.t (graphkit/ui_text.py).
 */
(function () {
  "use strict";

  var view = window.graphkitView;
  var util = window.graphkitUtil;
  var el = util.el;
  var network = view.network;
  var records = view.records;
  var api = view.api;
  var graphEl = document.getElementById("gk-graph");
  var tooltipEl = document.getElementById("gk-tooltip");
  var detailsEl = document.getElementById("gk-details");
  var detailsLabel = document.getElementById("gk-details-label");
  var detailsList = document.getElementById("gk-details-list");
  var detailsLink = document.getElementById("gk-details-link");

  var RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
  var RDFS = "http://www.w3.org/2000/01/rdf-schema#";
  var SKOS = "http://www.w3.org/2004/02/skos/core#";
  var SCHEMA = "http://schema.org/";
  // Names of the entity: shown once in the heading ("also called"), not again as rows.
  var NAME_PREDICATES = new Set([
    RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel", SCHEMA + "name", SCHEMA + "alternateName",
    "https://schema.org/name", "https://schema.org/alternateName", "http://xmlns.com/foaf/0.1/name",
  ]);
  var HIDDEN_PREDICATES = new Set([RDF + "type"]);
  var VALUES_SHOWN = 8; // values of one property in the panel; the entity page has them all
  var FACTS_IN_TOOLTIP = 3;
  var LONG_TEXT = 80; // characters: a description, set as text rather than as a value

  // --- what the view gives (with fallbacks for an older graph.js) --------------------------

  function t(key, values) {
    return view.t ? view.t(key, values) : key;
  }

  function fullName(rec) {
    if (view.fullName) return view.fullName(rec);
    return view.pick ? view.pick(rec.labels, rec.label || rec.id) : rec.id;
  }

  function displayName(rec) {
    return view.displayName ? view.displayName(rec) : fullName(rec);
  }

  function otherNames(rec, shownName) {
    var names = [];
    var seen = new Set([String(shownName).toLowerCase()]);
    function add(name) {
      if (!name || seen.has(String(name).toLowerCase())) return;
      seen.add(String(name).toLowerCase());
      names.push(name);
    }
    var short = rec.short || {};
    add(short[view.language()]);
    Object.keys(short).forEach(function (key) { add(short[key]); });
    (rec.alt_labels || []).forEach(add);
    Object.keys(rec.labels || {}).forEach(function (key) { add(rec.labels[key]); });
    return names;
  }

  // --- tooltips -----------------------------------------------------------------------------

  var tooltipFor = null; // "node:<id>" or "edge:<id>" while a tooltip shows

  function showTooltip(what, children, pointer) {
    tooltipFor = what;
    tooltipEl.replaceChildren.apply(tooltipEl, children);
    tooltipEl.hidden = false;
    var box = graphEl.getBoundingClientRect();
    var left = box.left + pointer.x + 14;
    var top = box.top + pointer.y + 14;
    var width = tooltipEl.offsetWidth;
    var height = tooltipEl.offsetHeight;
    if (left + width > window.innerWidth) left = Math.max(0, box.left + pointer.x - width - 14);
    if (top + height > window.innerHeight) top = Math.max(0, box.top + pointer.y - height - 14);
    tooltipEl.style.left = left + "px";
    tooltipEl.style.top = top + "px";
  }

  function hideTooltip() {
    tooltipFor = null;
    if (tooltipEl.hidden && !tooltipEl.childNodes.length) return;
    tooltipEl.hidden = true;
    tooltipEl.replaceChildren();
  }

  // One line of key facts: the first few properties, several values of one joined by " / ".
  function keyFacts(rec) {
    var byPredicate = new Map();
    (rec.facts || []).forEach(function (f) {
      if (NAME_PREDICATES.has(f[0]) || HIDDEN_PREDICATES.has(f[0])) return;
      if (!byPredicate.has(f[0])) {
        if (byPredicate.size >= FACTS_IN_TOOLTIP) return;
        byPredicate.set(f[0], []);
      }
      var values = byPredicate.get(f[0]);
      if (values.indexOf(String(f[1])) < 0) values.push(String(f[1]));
    });
    var parts = [];
    byPredicate.forEach(function (values, predicate) {
      parts.push(view.predicateLabel(predicate) + " " + values.join(" / "));
    });
    return parts.join(" · ");
  }

  function groupText(rec) {
    var g = rec.group || {};
    return t("details.group_tip", { count: g.count - (g.shown || 0), predicate: g.predicate ? view.predicateLabel(g.predicate) : "" });
  }

  function nodeTooltip(rec) {
    if (rec.group) return [el("strong", displayName(rec)), el("span", groupText(rec), "gk-kind")];
    var parts = [el("strong", fullName(rec))];
    var kinds = view.classNames(rec);
    if (kinds) parts.push(el("span", kinds, "gk-kind"));
    var facts = keyFacts(rec);
    if (facts) parts.push(el("span", facts, "gk-facts"));
    return parts;
  }

  network.on("hoverNode", function (params) {
    var rec = records.get(params.node);
    if (rec) showTooltip("node:" + params.node, nodeTooltip(rec), params.pointer.DOM);
  });
  network.on("hoverEdge", function (params) {
    var edge = view.edges.get(params.edge);
    if (edge) showTooltip("edge:" + params.edge, [el("span", view.predicateLabel(edge.predicate))], params.pointer.DOM);
  });
  ["blurNode", "blurEdge", "dragStart", "dragging", "zoom", "click", "doubleClick", "hold", "oncontext"].forEach(
    function (name) { network.on(name, hideTooltip); }
  );
  // vis-network misses a blur when the pointer leaves fast or the node goes away: also hide
  // when the pointer leaves the drawing or the window, on any move that is over nothing,
  // and when the view changes.
  graphEl.addEventListener("pointerleave", hideTooltip);
  graphEl.addEventListener("mouseleave", hideTooltip);
  document.documentElement.addEventListener("mouseleave", hideTooltip);
  window.addEventListener("blur", hideTooltip);
  window.addEventListener("resize", hideTooltip);
  document.addEventListener("visibilitychange", hideTooltip);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hideTooltip();
  });
  document.addEventListener("pointerdown", hideTooltip, true);
  document.addEventListener("pointermove", function (event) {
    if (!tooltipFor) return;
    if (!graphEl.contains(event.target)) {
      hideTooltip();
      return;
    }
    var box = graphEl.getBoundingClientRect();
    var at = { x: event.clientX - box.left, y: event.clientY - box.top };
    var node = network.getNodeAt(at);
    var edge = node === undefined ? network.getEdgeAt(at) : undefined;
    var over = node !== undefined ? "node:" + node : edge !== undefined ? "edge:" + edge : null;
    if (over !== tooltipFor) hideTooltip();
  });

  // --- the entity's statements (served pages) ------------------------------------------------

  var entities = new Map(); // language + " " + id -> Promise of the entity JSON

  function loadEntity(id, lang) {
    var key = lang + " " + id;
    var known = entities.get(key);
    if (known) return known;
    var url = api.entities + util.encodeId(id) + "?lang=" + encodeURIComponent(lang);
    var loading = view.fetchJSON(url).then(function (entity) {
      var rec = records.get(id);
      if (rec) {
        completeRecord(rec, entity);
        rec.evidenceLoaded = true;
      }
      return entity;
    });
    loading.catch(function () { entities.delete(key); });
    entities.set(key, loading);
    return loading;
  }

  // A node that came without details (facts, sources) gets them from its entity, so its
  // tooltip has them too.
  function completeRecord(rec, entity) {
    if (!rec.sources || !rec.sources.length) {
      rec.sources = (entity.sources || []).map(function (source) { return source.id; });
    }
    if (!rec.facts || !rec.facts.length) {
      rec.facts = (entity.properties || [])
        .filter(function (st) { return st.value.type === "literal" && st.value.datatype; })
        .map(function (st) { return [st.predicate, st.value.value, st.value.datatype]; });
    }
  }

  function entityURL(id) {
    return util.pageURL(api, id);
  }

  function sourceLink(source) {
    var name = source.label || source.title || source.id;
    var link = el("a", name, "gk-source");
    link.href = util.isWebLink(source.url) ? source.url : entityURL(source.id);
    if (util.isWebLink(source.url)) link.rel = "external";
    var about = [source.title !== name ? source.title : "", source.publisher, source.issued].filter(Boolean);
    if (about.length) link.title = about.join(", ");
    return link;
  }

  function certaintyBadge(certainty) {
    if (!certainty || certainty === "stated") return null;
    return el("span", t("details.certainty." + certainty), "gk-certainty " + certainty);
  }

  function datesText(ev) {
    var parts = [];
    if (ev.valid_from && ev.valid_until) parts.push(t("details.valid", { from: ev.valid_from, until: ev.valid_until }));
    else if (ev.valid_from) parts.push(t("details.valid_from", { date: ev.valid_from }));
    else if (ev.valid_until) parts.push(t("details.valid_until", { date: ev.valid_until }));
    if (ev.as_of) parts.push(t("details.as_of", { date: ev.as_of }));
    return parts.join(", ");
  }

  // One source of a value: its title, its certainty, then each of its quotes with line and dates.
  function citeItem(sourceId, statement, evidence, sources) {
    var item = el("li");
    var source = sources.get(sourceId);
    item.append(source ? sourceLink(source) : el("span", t("details.unknown_source")));
    var said = evidence.filter(function (ev) { return ev.source === sourceId; });
    var certainty = said.length && said[0].certainty ? said[0].certainty
      : statement.certainty.length === 1 ? statement.certainty[0] : source && source.certainty;
    var badge = certaintyBadge(certainty);
    if (badge) item.append(" ", badge);
    said.forEach(function (ev) {
      if (ev.quote) {
        var quote = el("q", ev.quote, "quote");
        if (ev.lang) quote.lang = ev.lang;
        item.append(quote);
      }
      var where = [ev.line ? t("details.line", { line: ev.line }) : "", datesText(ev)].filter(Boolean).join(" · ");
      if (where) item.append(el("span", where, "gk-where"));
    });
    return item;
  }

  function valueBlock(statement, sources) {
    var block = el("div", null, "gk-value");
    var certainties = statement.certainty || [];
    if (certainties.length && certainties.every(function (c) { return c === "inferred"; })) {
      block.classList.add("gk-inferred");
    }
    var text = el("div", null, "gk-value-text");
    var evidence = statement.evidence || [];
    var qualifiers = [];
    evidence.forEach(function (ev) {
      if (ev.qualifier_label && qualifiers.indexOf(ev.qualifier_label) < 0) qualifiers.push(ev.qualifier_label);
    });
    if (qualifiers.length) text.append(el("span", qualifiers.join(" / "), "gk-qualifier"), " ");
    var value = statement.value;
    if (value.type === "uri" && statement.id) {
      var link = el("a", statement.label || statement.id);
      link.href = entityURL(statement.id);
      text.append(link);
    } else if (value.type === "uri" && util.isWebLink(value.value)) {
      var web = el("a", statement.label || value.value);
      web.href = value.value;
      web.rel = "external";
      text.append(web);
    } else {
      var literal = el("span", statement.label || value.value);
      if (value.lang) literal.lang = value.lang;
      if (literal.textContent.length > LONG_TEXT) text.classList.add("gk-long");
      text.append(literal);
    }
    block.append(text);
    var cites = el("ul", null, "gk-cites");
    (statement.sources || []).forEach(function (id) {
      cites.append(citeItem(id, statement, evidence, sources));
    });
    if (!statement.sources || !statement.sources.length) cites.append(el("li", t("details.no_source")));
    block.append(cites);
    return block;
  }

  // Literal values without a language, from different sources: the sources disagree.
  function disagree(statements) {
    if (statements.length < 2) return false;
    var plain = statements.every(function (s) { return s.value.type === "literal" && !s.value.lang; });
    if (!plain) return false;
    var keys = new Set(statements.map(function (s) { return (s.sources || []).slice().sort().join(" "); }));
    return keys.size > 1;
  }

  function groupByPredicate(statements) {
    var groups = new Map();
    statements.forEach(function (s) {
      if (HIDDEN_PREDICATES.has(s.predicate) || NAME_PREDICATES.has(s.predicate)) return;
      if (!groups.has(s.predicate)) groups.set(s.predicate, []);
      groups.get(s.predicate).push(s);
    });
    return groups;
  }

  function propertyRows(statements, sources, rec) {
    var items = [];
    groupByPredicate(statements).forEach(function (group) {
      var term = el("dt", group[0].predicate_label || view.predicateLabel(group[0].predicate));
      var conflict = disagree(group);
      if (conflict) term.append(el("span", t("details.conflict"), "gk-conflict-note"));
      var values = el("div", null, conflict ? "gk-values gk-conflict" : "gk-values");
      group.slice(0, VALUES_SHOWN).forEach(function (s) { values.append(valueBlock(s, sources)); });
      var dd = el("dd");
      dd.append(values);
      if (group.length > VALUES_SHOWN) dd.append(moreLink(rec, group.length - VALUES_SHOWN));
      items.push(term, dd);
    });
    return items;
  }

  function moreLink(rec, count) {
    var more = el("a", t("details.more", { count: count }), "gk-more");
    more.href = entityURL(rec.id);
    return more;
  }

  // Who refers to the entity: under a heading, by property ("← part of: …"), the first few as
  // links (no sources: the entity page has them).
  function incomingRows(statements, rec) {
    var items = [];
    groupByPredicate(statements).forEach(function (group) {
      var dd = el("dd");
      group.slice(0, VALUES_SHOWN).forEach(function (s, i) {
        if (i) dd.append(", ");
        if (s.id) {
          var link = el("a", s.label || s.id);
          link.href = entityURL(s.id);
          dd.append(link);
        } else {
          dd.append(s.label || s.value.value);
        }
      });
      if (group.length > VALUES_SHOWN) dd.append(" ", moreLink(rec, group.length - VALUES_SHOWN));
      items.push(el("dt", "\u2190 " + group[0].predicate_label), dd);
    });
    if (items.length) items.unshift(el("dt", t("details.referred_by"), "gk-section"));
    return items;
  }

  // --- the panel ----------------------------------------------------------------------------

  var headEl = el("div", null, "gk-details-head");
  detailsLabel.after(headEl);
  var shownLanguage = null;

  function renderHead(rec, entityLabels) {
    var name = rec.group ? displayName(rec) : fullName(rec);
    detailsLabel.textContent = name;
    var parts = [];
    if (!rec.group) {
      var names = otherNames(rec, name);
      (entityLabels || []).forEach(function (extra) {
        if (names.indexOf(extra) < 0 && extra.toLowerCase() !== name.toLowerCase()) names.push(extra);
      });
      if (names.length) parts.push(el("p", t("details.also_called_names", { names: names.join(", ") }), "gk-aka"));
      var kinds = view.classNames(rec);
      if (kinds) {
        var chips = el("p", null, "gk-classes");
        kinds.split(", ").forEach(function (kind) { chips.append(el("span", kind, "gk-class")); });
        parts.push(chips);
      }
    }
    headEl.replaceChildren.apply(headEl, parts);
  }

  function setLink(rec) {
    var href = rec.group ? null : api ? util.pageURL(api, rec.id) : rec.iri;
    if (href && (api || util.isWebLink(href))) {
      detailsLink.href = href;
      detailsLink.textContent = t("details.page");
      detailsLink.hidden = false;
    } else {
      detailsLink.hidden = true;
      detailsLink.removeAttribute("href");
    }
  }

  // Every source the entity's statements cite, as on its page: titles linked, certainty marked.
  function sourceRows(list) {
    if (!list.length) return [];
    var cites = el("ul", null, "gk-cites");
    list.forEach(function (source) {
      var item = el("li");
      item.append(sourceLink(source));
      var badge = certaintyBadge(source.certainty);
      if (badge) item.append(" ", badge);
      cites.append(item);
    });
    var dd = el("dd");
    dd.append(cites);
    return [el("dt", t("details.sources") + " (" + list.length + ")", "gk-section"), dd];
  }

  function altNames(entity) {
    return (entity.properties || [])
      .filter(function (s) { return NAME_PREDICATES.has(s.predicate) && s.value.type === "literal"; })
      .map(function (s) { return s.value.value; });
  }

  function renderEntity(rec, entity) {
    renderHead(rec, altNames(entity));
    var sources = new Map((entity.sources || []).map(function (s) { return [s.id, s]; }));
    var items = iriRows(rec)
      .concat(propertyRows(entity.properties || [], sources, rec))
      .concat(sourceRows(entity.sources || []))
      .concat(incomingRows(entity.incoming || [], rec));
    detailsList.replaceChildren.apply(detailsList, items);
  }

  // An exported file: the record's facts (several values of one property side by side) and
  // its sources, named by their node's label when the view has it.
  function renderRecord(rec) {
    var byPredicate = new Map();
    (rec.facts || []).forEach(function (f) {
      if (HIDDEN_PREDICATES.has(f[0]) || NAME_PREDICATES.has(f[0])) return;
      if (!byPredicate.has(f[0])) byPredicate.set(f[0], []);
      byPredicate.get(f[0]).push(String(f[1]));
    });
    var items = iriRows(rec);
    byPredicate.forEach(function (values, predicate) {
      var box = el("div", null, values.length > 1 ? "gk-values gk-conflict" : "gk-values");
      values.forEach(function (value) {
        var block = el("div", null, "gk-value");
        block.append(el("div", value, "gk-value-text"));
        box.append(block);
      });
      var dd = el("dd");
      dd.append(box);
      items.push(el("dt", view.predicateLabel(predicate)), dd);
    });
    if ((rec.sources || []).length) {
      var list = el("ul", null, "gk-cites");
      rec.sources.forEach(function (id) {
        var known = records.get(id);
        list.append(el("li", known ? fullName(known) : id));
      });
      var dd = el("dd");
      dd.append(list);
      items.push(el("dt", t("details.sources")), dd);
    }
    detailsList.replaceChildren.apply(detailsList, items);
  }

  // An IRI outside the id namespace is the entity's only name the reader can look up: show it
  // (own ids are their IRIs; the entity page link leads there).
  function iriRows(rec) {
    if (String(rec.id).charAt(0) !== "~" || !rec.iri) return [];
    var dd = el("dd");
    if (util.isWebLink(rec.iri)) {
      var link = el("a", rec.iri);
      link.href = rec.iri;
      link.rel = "external";
      dd.append(link);
    } else {
      dd.append(rec.iri);
    }
    return [el("dt", t("details.iri")), dd];
  }

  function showDetails(id) {
    var rec = records.get(id);
    if (!rec) {
      hideDetails();
      return;
    }
    var lang = view.language();
    var same = detailsEl.dataset.id === String(id) && shownLanguage === lang && !detailsEl.hidden;
    detailsEl.dataset.id = id;
    shownLanguage = lang;
    detailsEl.hidden = false;
    renderHead(rec);
    setLink(rec);
    if (rec.group) {
      detailsList.replaceChildren(el("dd", groupText(rec)));
      return;
    }
    if (!api) {
      renderRecord(rec);
      return;
    }
    if (!same) detailsList.replaceChildren.apply(detailsList, iriRows(rec).concat([el("dd", t("details.loading"), "gk-loading")]));
    loadEntity(id, lang).then(function (entity) {
      // Only if the panel still shows this entity in this language.
      if (detailsEl.hidden || detailsEl.dataset.id !== String(id) || view.language() !== lang) return;
      renderEntity(rec, entity);
      detailsEl.dataset.loaded = id + " " + lang;
    }).catch(function (error) {
      if (detailsEl.dataset.id === String(id)) detailsList.replaceChildren(el("dd", t("details.failed"), "gk-loading"));
      view.reportError(error);
    });
  }

  // A summary node's panel follows its count as its pages open; a removed one closes.
  if (view.on) {
    view.on("change", function () {
      var id = detailsEl.dataset.id;
      if (detailsEl.hidden || !id || id.indexOf("group:") !== 0) return;
      if (records.has(id)) showDetails(id);
      else hideDetails();
    });
  }

  function hideDetails() {
    detailsEl.hidden = true;
    delete detailsEl.dataset.id;
    delete detailsEl.dataset.loaded;
  }

  function refreshDetails() {
    hideTooltip();
    if (!detailsEl.hidden && detailsEl.dataset.id) showDetails(detailsEl.dataset.id);
  }

  if (view.on) {
    // graph.js calls showDetails itself on a selection; follow the event for what it missed.
    view.on("select", function (id) {
      if (id === null || id === undefined || id === "") hideDetails();
      else if (detailsEl.hidden || detailsEl.dataset.id !== String(id)) showDetails(id);
    });
    view.on("language", refreshDetails);
    view.on("change", hideTooltip);
  } else {
    // An older graph.js without events: follow clicks.
    network.on("click", function (params) {
      if (params.nodes.length) showDetails(params.nodes[0]);
      else hideDetails();
    });
  }

  view.showDetails = showDetails;
  view.refreshDetails = refreshDetails;
  view.hideTooltip = hideTooltip;
})();
