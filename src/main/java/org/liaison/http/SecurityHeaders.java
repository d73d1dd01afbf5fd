package org.liaison.http;

import io.javalin.config.JavalinConfig;

/**
 * Headers on every response of hub and node, so that nothing they serve can become a page that runs
 * or frames anything: API answers are JSON, and their messages echo what callers sent. The console's
 * pages replace the policy with their own (see {@code ConsoleRoutes}).
 */
final class SecurityHeaders {
  /** Everything refused: a JSON or text answer opened in a browser tab loads, runs and frames nothing. */
  static final String API_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private SecurityHeaders() {}

  static void install(JavalinConfig config) {
    config.routes.before(ctx -> {
      ctx.header("Content-Security-Policy", API_CSP);
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header("Referrer-Policy", "no-referrer");
    });
  }
}
