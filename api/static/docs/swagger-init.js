// Starts Swagger UI on /docs with the settings the page wrote in data attributes
// (no inline script: the page's Content-Security-Policy allows none).
(function () {
  "use strict";
  var container = document.getElementById("swagger-ui-container");
  var config = {
    url: container.dataset.specUrl,
    dom_id: "#swagger-ui-container",
    // No badge from an outside validator: the page may load nothing from elsewhere.
    validatorUrl: null,
  };
  var overrides = JSON.parse(container.dataset.config || "{}");
  Object.keys(overrides).forEach(function (key) {
    config[key] = overrides[key];
  });
  window.ui = SwaggerUIBundle(config);
})();
