// The API docs page: swagger-ui (served from the package) over this server's OpenAPI
// description. A file, not an inline script, so the page runs under a CSP without
// 'unsafe-inline'; no validator badge (it would call validator.swagger.io).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.graphkitDocs = SwaggerUIBundle({
    url: root.dataset.openapi,
    domNode: root,
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
})();
