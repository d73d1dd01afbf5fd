package org.liaison.hub;

import io.javalin.config.RoutesConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.liaison.auth.Guard;

/**
 * {@code GET /liaison/v1/noop}: a constant answer behind the same token check as the DSS routes,
 * so that {@code liaison bench noop} measures the ceiling of HTTP plus auth on this server.
 */
final class NoopRoute {
  private static final byte[] BODY = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
  private static final List<Set<String>> SCOPES = List.of(Set.of("utm.strategic_coordination"));

  private final Guard guard;

  NoopRoute(Guard guard) {
    this.guard = guard;
  }

  void register(RoutesConfig r) {
    r.get("/liaison/v1/noop", ctx -> {
      guard.check(ctx.header("Authorization"), SCOPES);
      ctx.status(200).contentType("application/json").result(BODY);
    });
  }
}
