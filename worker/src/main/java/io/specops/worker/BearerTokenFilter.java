package io.specops.worker;

import io.specops.json.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request that changes something ({@code /api/**} other than GET) needs {@code Authorization:
 * Bearer <token>}; the token's principal is who acts (and who approves).
 */
@Component
final class BearerTokenFilter extends OncePerRequestFilter {
  static final String PRINCIPAL = "specops.principal";
  private final ApiTokens tokens;
  private final ApiRoutes routes;

  BearerTokenFilter(ApiTokens tokens, ApiRoutes routes) {
    this.tokens = tokens;
    this.routes = routes;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // an unknown path is a 404 in the API's own shape, whoever asks: no token needed to learn it
    // does not exist
    if (!routes.known(request)) {
      response.setStatus(404);
      response.setContentType("application/json");
      response
          .getWriter()
          .write(
              Json.write(
                  Map.of(
                      "error",
                      "no such API path: " + request.getMethod() + " " + request.getRequestURI())));
      return;
    }
    if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      reject(
          response,
          tokens.configured()
              ? "a bearer token is required (Authorization: Bearer <token>)"
              : "a bearer token is required, and none is configured on the worker (specops.api.tokens=principal:token,...)");
      return;
    }
    var principal = tokens.principal(header.substring(7).trim());
    if (principal.isEmpty()) {
      reject(response, "invalid bearer token");
      return;
    }
    request.setAttribute(PRINCIPAL, principal.get());
    chain.doFilter(request, response);
  }

  private static void reject(HttpServletResponse response, String message) throws IOException {
    response.setStatus(401);
    response.setHeader("WWW-Authenticate", "Bearer realm=\"specops\"");
    response.setContentType("application/json");
    response.getWriter().write(Json.write(Map.of("error", message)));
  }
}
