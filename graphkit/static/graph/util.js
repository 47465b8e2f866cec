/* graphkit network view: small helpers shared by the page's scripts (no state). */
(function () {
  "use strict";

  function fold(text) {
    return String(text).toLowerCase().replace(/ß/g, "ss").normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function shortName(iri) {
    var parts = String(iri).split(/[#/]/);
    return parts[parts.length - 1] || String(iri);
  }

  function encodeId(id) {
    return String(id).split("/").map(encodeURIComponent).join("/");
  }

  function isWebLink(url) {
    return /^https?:\/\//i.test(url);
  }

  // The page of an entity on the server: own ids at api.page (their dereferenced IRIs),
  // ids of IRIs outside the id namespace ("~" + base64url) at api.foreign_page.
  function pageURL(api, id) {
    var base = String(id).charAt(0) === "~" && api.foreign_page ? api.foreign_page : api.page;
    return base + encodeId(id);
  }

  window.graphkitUtil = {
    fold: fold,
    el: el,
    shortName: shortName,
    encodeId: encodeId,
    isWebLink: isWebLink,
    pageURL: pageURL,
  };
})();
