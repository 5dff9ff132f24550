// Render the OpenAPI document with the vendored Swagger UI (no inline script: CSP).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const container = document.getElementById("swagger-ui");
  if (!container || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: container.dataset.specUrl,
    domNode: container,
    deepLinking: false,
    tryItOutEnabled: false,
  });
});
