package org.liaison.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.liaison.auth.AuthException;
import org.liaison.auth.Guard;
import org.liaison.auth.Principal;
import org.liaison.errors.ApiException;
import org.liaison.store.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What happens to every request before and after its route: a request id, a deadline for its
 * database work, rate limits, the share of request threads routes outside deconfliction may hold
 * ({@link Capacity#otherRequests()}), the {@code http.server.requests} meters and one access-log
 * line.
 * Shared by hub and node; {@link HubServer} installs it.
 *
 * <p>Rate limits are charged once per request: to the party once its token has been verified (see
 * {@link #guard}), or to the client address when the request has no token or a token that is
 * refused. Health checks and scrapes are never limited.
 */
public final class Requests implements AutoCloseable {
  /** The header that carries a request's id, in and out. */
  public static final String ID_HEADER = "X-Request-Id";
  /** MDC keys, so every log line of a request carries them. */
  public static final String MDC_REQUEST_ID = "request_id";
  public static final String MDC_PARTY = "party";

  private static final Logger access = LoggerFactory.getLogger("liaison.access");
  /** Incoming ids are kept when they are short and cannot forge or break a log line. */
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:+=/-]{1,128}");
  private static final String START = "liaison.start";
  private static final String ID = "liaison.request_id";
  private static final String HOLDS_OTHER = "liaison.other";
  /** Routes that stay open for minutes by design: no deadline, and no limit past the first charge. */
  private static final Set<String> STREAMS = Set.of("/liaison/v1/events");
  private static final Set<String> UNLIMITED = Set.of("/healthy", "/metrics");
  /**
   * Routes served from the threads {@link Capacity#otherRequests()} leaves free: deconfliction
   * (the ASTM APIs of hub and node), health, scrapes, token issuance and the keys that verify tokens.
   */
  private static final Set<String> RESERVED = Set.of("/healthy", "/metrics", "/token", "/.well-known/jwks.json");
  private static final List<String> RESERVED_PREFIXES = List.of("/dss/v1/", "/uss/v1/");
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
  /** Histogram buckets: enough to tell 1 ms from 10 ms from 1 s, few enough to scrape cheaply. */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
    Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
    Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)
  };

  /** Per-thread state the guard needs and has no {@link Context} to read it from. */
  private static final class Current {
    final String ip;
    boolean charged;

    Current(String ip, boolean charged) {
      this.ip = ip;
      this.charged = charged;
    }
  }

  private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();
  private static final HexFormat HEX = HexFormat.of();

  private record Key(String method, String route, int status) {}

  private final ServerOptions options;
  private final Metrics metrics;
  private final RateLimiter parties;
  private final RateLimiter clients;
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
  private final Counter limitedParty;
  private final Counter limitedClient;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger others = new AtomicInteger();
  private final Counter busy;
  private final StreamGate streams;

  public Requests(ServerOptions options, Metrics metrics, Clock clock) {
    this.options = options;
    this.metrics = metrics;
    this.parties = new RateLimiter(options.partyLimit(), clock);
    this.clients = new RateLimiter(options.ipLimit(), clock);
    MeterRegistry r = metrics.registry();
    this.limitedParty = Counter.builder("liaison.rate.limited").tag("kind", "party")
        .description("Requests answered 429 because their party was over its rate limit").register(r);
    this.limitedClient = Counter.builder("liaison.rate.limited").tag("kind", "client")
        .description("Requests without a valid token answered 429 because their address was over its limit")
        .register(r);
    Gauge.builder("http.server.requests.in.flight", inFlight, AtomicInteger::get)
        .description("Requests being served now").register(r);
    Gauge.builder("liaison.requests.other.in.flight", others, AtomicInteger::get)
        .description("Requests outside the reserved routes (/dss/v1, /uss/v1, /healthy, /token) being served now")
        .register(r);
    Gauge.builder("liaison.requests.other.max", options.capacity(), Capacity::otherRequests)
        .description("The most requests outside the reserved routes served at once (--max-other-requests)")
        .register(r);
    this.busy = Counter.builder("liaison.requests.other.refused")
        .description("Requests outside the reserved routes answered 503 because --max-other-requests were being served")
        .register(r);
    this.streams = new StreamGate(options.capacity(), r);
  }

  /** The limits on event streams, shared by every stream route of this server. */
  public StreamGate streams() {
    return streams;
  }

  /** True for the routes served from the reserved threads: see {@link #RESERVED}. */
  static boolean reserved(String path) {
    if (RESERVED.contains(path)) {
      return true;
    }
    for (String p : RESERVED_PREFIXES) {
      if (path.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** Defaults: metrics on, no rate limits, a 10 s deadline. */
  public static Requests defaults(Clock clock) {
    return new Requests(ServerOptions.DEFAULTS, Metrics.prometheus(), clock);
  }

  public ServerOptions options() {
    return options;
  }

  public MeterRegistry registry() {
    return metrics.registry();
  }

  /**
   * {@code inner}, which also names the party in the request's log lines and charges the request
   * to the party's rate limit, or to its address when the token is refused.
   *
   * @throws RateLimited (answered 429) when the bucket is empty
   */
  public Guard guard(Guard inner) {
    return (header, anyOf) -> {
      Current cur = CURRENT.get();
      Principal p;
      try {
        p = inner.check(header, anyOf);
      } catch (AuthException e) {
        if (cur != null && !cur.charged && e.kind() != AuthException.Kind.KEYS_UNAVAILABLE) {
          cur.charged = true;
          charge(clients, "client", cur.ip, limitedClient);
        }
        throw e;
      }
      MDC.put(MDC_PARTY, p.party());
      if (cur != null && !cur.charged) {
        cur.charged = true;
        charge(parties, "party", p.party(), limitedParty);
      }
      return p;
    };
  }

  private static void charge(RateLimiter limiter, String kind, String who, Counter limited) {
    long wait = limiter.acquire(who);
    if (wait > 0) {
      limited.increment();
      throw new RateLimited(kind, who, limiter.limit(), wait);
    }
  }

  /** The id of the request {@code ctx}, as sent back in {@link #ID_HEADER}. */
  static String id(Context ctx) {
    return ctx.attribute(ID);
  }

  void install(JavalinConfig config) {
    config.routes.before(this::before);
    config.requestLogger.http((ctx, ms) -> after(ctx));
    if (metrics.enabled()) {
      config.routes.get("/metrics", ctx -> ctx.contentType(Metrics.CONTENT_TYPE).result(metrics.scrape()));
    }
  }

  private void before(Context ctx) {
    String offered = ctx.header(ID_HEADER);
    String id = offered != null && SANE_ID.matcher(offered).matches() ? offered : newId();
    ctx.attribute(ID, id);
    ctx.attribute(START, System.nanoTime());
    ctx.header(ID_HEADER, id);
    MDC.put(MDC_REQUEST_ID, id);
    MDC.remove(MDC_PARTY);
    inFlight.incrementAndGet();
    String path = ctx.path();
    if (STREAMS.contains(path)) {
      Deadline.clear();
    } else {
      Deadline.start(options.requestTimeout());
    }
    boolean exempt = UNLIMITED.contains(path);
    Current cur = new Current(ctx.ip(), exempt);
    CURRENT.set(cur);
    if (!exempt && ctx.header("Authorization") == null) {
      cur.charged = true;
      charge(clients, "client", cur.ip, limitedClient);
    }
    // Streams wait without a thread (see StreamGate for their own limits); everything else that is
    // not deconfliction shares a bounded part of the threads, so it can never take them all.
    if (!STREAMS.contains(path) && !reserved(path)) {
      if (others.incrementAndGet() > options.capacity().otherRequests()) {
        others.decrementAndGet();
        busy.increment();
        ctx.header("Retry-After", "1");
        throw new ApiException(503, "this server is serving " + options.capacity().otherRequests()
            + " requests outside /dss/v1 already, the most it serves at once (--max-other-requests); retry later");
      }
      ctx.attribute(HOLDS_OTHER, Boolean.TRUE);
    }
  }

  private void after(Context ctx) {
    try {
      Long start = ctx.attribute(START);
      if (start == null) {
        return; // refused before our before-handler ran
      }
      long nanos = System.nanoTime() - start;
      inFlight.decrementAndGet();
      if (ctx.attribute(HOLDS_OTHER) != null) {
        ctx.attribute(HOLDS_OTHER, null);
        others.decrementAndGet();
      }
      String method = METHODS.contains(ctx.method().name()) ? ctx.method().name() : "OTHER";
      String route = route(ctx);
      int status = ctx.statusCode();
      timers.computeIfAbsent(new Key(method, route, status), k -> Timer.builder("http.server.requests")
          .description("HTTP requests by method, route template and status")
          .tag("method", k.method).tag("route", k.route).tag("status", Integer.toString(k.status))
          .serviceLevelObjectives(BUCKETS)
          .register(metrics.registry())).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
      Level level = UNLIMITED.contains(ctx.path()) ? Level.DEBUG : Level.INFO;
      if (!access.isEnabledForLevel(level)) {
        return;
      }
      String party = MDC.get(MDC_PARTY);
      double ms = nanos / 1e6;
      LoggingEventBuilder line = access.atLevel(level)
          .addKeyValue("method", method)
          .addKeyValue("route", route)
          .addKeyValue("path", ctx.path())
          .addKeyValue("status", status)
          .addKeyValue("duration_ms", Math.round(ms * 10) / 10.0);
      if (party != null) {
        line = line.addKeyValue("party", party);
      }
      line.addKeyValue("client", ctx.ip())
          .log("{} {} {} {} ms party={}", method, route, status, String.format(Locale.ROOT, "%.1f", ms),
              party == null ? "-" : party);
    } finally {
      MDC.remove(MDC_REQUEST_ID);
      MDC.remove(MDC_PARTY);
      Deadline.clear();
      CURRENT.remove();
    }
  }

  /** The route template, never the raw path, so that ids in paths do not multiply the series. */
  private static String route(Context ctx) {
    Endpoint e = ctx.endpoints().matchedHttpEndpoint();
    return e == null ? "UNMATCHED" : e.path;
  }

  private static String newId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return HEX.toHexDigits(r.nextLong()) + HEX.toHexDigits(r.nextLong());
  }

  @Override
  public void close() {
    metrics.close();
  }
}
