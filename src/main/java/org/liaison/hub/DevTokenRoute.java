package org.liaison.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.liaison.auth.DevAuthority;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;

/** The InterUSS dummy-oauth interface, for development only: anyone can mint any token. */
final class DevTokenRoute {
  private final DevAuthority authority;
  private final String defaultAudience;

  DevTokenRoute(DevAuthority authority, String defaultAudience) {
    this.authority = authority;
    this.defaultAudience = defaultAudience;
  }

  void register(RoutesConfig r) {
    r.get("/token", this::token);
    r.post("/token", this::token);
    // Nodes in dev mode verify their peers' tokens against this key set.
    r.get("/.well-known/jwks.json", ctx -> ctx.contentType("application/json")
        .result(authority.publicJwkSet().toString()));
  }

  private void token(Context ctx) {
    String grant = param(ctx, "grant_type");
    if (grant != null && !grant.equals("client_credentials")) {
      throw ApiException.badRequest("grant_type \"%s\" is not supported; use client_credentials", grant);
    }
    String sub = param(ctx, "sub");
    if (sub == null || sub.isBlank()) {
      throw ApiException.badRequest("sub is missing: name the party the token is for");
    }
    String scope = param(ctx, "scope");
    if (scope == null || scope.isBlank()) {
      throw ApiException.badRequest("scope is missing: give one or more space-separated scopes");
    }
    String aud = param(ctx, "intended_audience");
    String issuer = param(ctx, "issuer");
    List<String> scopes = Arrays.stream(scope.trim().split("\\s+")).toList();
    String token;
    try {
      token = authority.mint(sub, scopes, aud == null || aud.isBlank() ? defaultAudience : aud,
          issuer == null || issuer.isBlank() ? "liaison-dev-auth" : issuer, Duration.ofHours(1));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("%s", e.getMessage());
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("access_token", token);
    Json.send(ctx, 200, out);
  }

  private static String param(Context ctx, String name) {
    String q = ctx.queryParam(name);
    return q != null ? q : ctx.formParam(name);
  }
}
