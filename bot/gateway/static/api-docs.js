// Starts Swagger UI on /docs from files served by the gateway itself (no CDN, no inline script).
window.addEventListener("load", function () {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
