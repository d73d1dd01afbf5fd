package org.liaison.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.liaison.auth.AuthException;
import org.liaison.errors.ApiException;
import org.liaison.errors.InvalidFieldException;
import org.liaison.store.Deadline;
import org.liaison.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server shared by hub and node: limits, health, and the one place where errors become
 * responses. Domain routes are registered by the caller.
 */
public final class HubServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HubServer.class);
  /** Bodies larger than this get 413, as InterUSS caps them. */
  public static final long MAX_BODY = 4L * 1024 * 1024;
  /** Set on a request whose error a route already answered with its own message. */
  private static final String ANSWERED = "liaison.error-answered";

  private final Javalin app;
  private final Requests requests;

  private HubServer(Javalin app, Requests requests) {
    this.app = app;
    this.requests = requests;
  }

  /** Builds and starts a server on {@code host:port} (port 0 picks a free one) with default {@link Requests}. */
  public static HubServer start(String host, int port, List<Consumer<JavalinConfig>> routes) {
    return start(host, port, routes, Requests.defaults(Clock.systemUTC()));
  }

  /**
   * Builds and starts a server on {@code host:port} (port 0 picks a free one); {@code requests}
   * gives each request its id, deadline, limits, meters and log line. The server closes it.
   */
  public static HubServer start(String host, int port, List<Consumer<JavalinConfig>> routes, Requests requests) {
    Javalin app = Javalin.create(config -> {
      config.http.maxRequestSize = MAX_BODY;
      config.startup.showJavalinBanner = false;
      config.jetty.host = host;
      config.jetty.port = port;
      // A bounded pool of our own size: Requests keeps part of it for deconfliction (see Capacity).
      QueuedThreadPool pool = new QueuedThreadPool(Capacity.HTTP_THREADS, 8, 60_000);
      pool.setName("liaison-http");
      config.jetty.threadPool = pool;
      // Jetty reuses a header value already seen on the connection when a new one matches it
      // ignoring case, so a forged Authorization would reach auth as the genuine token it resembles.
      config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
      config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
      config.routes.get("/healthy", ctx -> ctx.contentType("text/plain").result("ok"));
      requests.install(config);
      SecurityHeaders.install(config);
      routes.forEach(r -> r.accept(config));
      config.routes.exception(ApiException.class, (e, ctx) -> {
        ctx.attribute(ANSWERED, true);
        error(ctx, status(e.kind()), e.getMessage(), e.details());
      });
      config.routes.exception(InvalidFieldException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
      config.routes.exception(AuthException.class, (e, ctx) -> {
        switch (e.kind()) {
          case FORBIDDEN -> error(ctx, 403, e.getMessage());
          case KEYS_UNAVAILABLE -> {
            log.error("token keys unavailable: {}", e.getMessage());
            error(ctx, 503, "token signing keys are unavailable; retry later");
          }
          default -> {
            ctx.header("WWW-Authenticate", "Bearer");
            error(ctx, 401, e.getMessage());
          }
        }
      });
      config.routes.exception(StoreException.class, (e, ctx) -> {
        if (Deadline.isTimeout(e)) {
          log.error("storage timeout on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
          ctx.header("Retry-After", "1");
          error(ctx, 503, "storage did not answer within the request timeout of "
              + seconds(requests.options().requestTimeout()) + "; nothing was changed, retry later");
          return;
        }
        // One line per failure: an outage fails every request, and a stack trace each would bury the log.
        log.warn("storage failure on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
        log.debug("storage failure on {} {}", ctx.method(), ctx.path(), e);
        ctx.header("Retry-After", "1");
        error(ctx, 503, ctx.method().name().equals("GET")
            ? "storage unavailable; retry later"
            // A connection lost while its commit was in flight leaves the outcome unknown.
            : "storage unavailable; retry later. If the failure struck while the change was being committed"
                + " it may have been made: read it back before retrying");
      });
      config.routes.exception(RateLimited.class, (e, ctx) -> {
        ctx.header("Retry-After", Long.toString(e.retryAfterSeconds));
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("message", e.getMessage());
        n.put(e.kind, e.who);
        n.put("limit_per_second", e.limit.perSecond());
        n.put("burst", e.limit.burst());
        n.put("retry_after_seconds", e.retryAfterSeconds);
        n.put("request_id", Requests.id(ctx));
        Json.send(ctx, 429, n);
      });
      config.routes.exception(StreamLimited.class, (e, ctx) -> {
        ctx.header("Retry-After", Integer.toString(StreamLimited.RETRY_AFTER_SECONDS));
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("message", e.getMessage());
        n.put("party", e.party);
        n.put("limit", e.limit);
        n.put("max_streams", e.max);
        n.put("retry_after_seconds", StreamLimited.RETRY_AFTER_SECONDS);
        n.put("request_id", Requests.id(ctx));
        Json.send(ctx, 429, n);
      });
      // A client that goes away mid-body (or stalls until the idle timeout) is no server error.
      config.routes.exception(EofException.class, (e, ctx) -> {
        log.debug("request body of {} {} ended early: {}", ctx.method(), ctx.path(), e.getMessage());
        error(ctx, 400, "the request body ended before the Content-Length it announced; nothing was changed");
      });
      config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
      config.routes.exception(Exception.class, (e, ctx) -> {
        String id = UUID.randomUUID().toString();
        log.error("internal error {} on {} {}", id, ctx.method(), ctx.path(), e);
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("message", "internal error; quote error_id when reporting it");
        n.put("error_id", id);
        n.put("request_id", Requests.id(ctx));
        Json.send(ctx, 500, n);
      });
      config.routes.error(404, "*", ctx -> {
        if (ctx.result() == null || ctx.result().isEmpty() || !"application/json".equals(ctx.res().getContentType())) {
          error(ctx, 404, "no route for " + ctx.method() + " " + ctx.path());
        }
      });
      config.routes.error(405, "*", ctx -> error(ctx, 405, "method " + ctx.method() + " not allowed on " + ctx.path()));
      // A body over MAX_BODY; a route's own 413 (a channel message's text, say) keeps its message.
      config.routes.error(413, "*", ctx -> {
        if (ctx.attribute(ANSWERED) == null) {
          error(ctx, 413, "request body larger than " + MAX_BODY + " bytes");
        }
      });
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      requests.close();
      throw e;
    }
    return new HubServer(app, requests);
  }

  /** The HTTP status of each kind of refusal: the one place where domain errors meet HTTP. */
  static int status(ApiException.Kind kind) {
    return switch (kind) {
      case INVALID -> 400;
      case UNAUTHENTICATED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case TOO_LARGE -> 413;
      case PRECONDITION_FAILED -> 412;
      case NOT_ACCEPTABLE -> 406;
      case UNAVAILABLE -> 503;
      case TOO_MANY_REQUESTS -> 429;
    };
  }

  static void error(Context ctx, int status, String message) {
    error(ctx, status, message, null);
  }

  /**
   * A JSON answer: {@code message} and the request id; or, for a refusal with {@code details} (an
   * ASTM conflict response, say), {@code message} and those fields only, as the spec gives them.
   */
  static void error(Context ctx, int status, String message, ObjectNode details) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("message", message);
    if (details != null) {
      n.setAll(details);
      Json.send(ctx, status, n);
      return;
    }
    String id = Requests.id(ctx);
    if (id != null) {
      n.put("request_id", id);
    }
    Json.send(ctx, status, n);
  }

  private static String seconds(java.time.Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
    requests.close();
  }
}
