package org.liaison.bench;

import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.liaison.auth.AuthException;
import org.liaison.auth.DevAuthority;
import org.liaison.auth.Guard;
import org.liaison.auth.TokenVerifier;
import org.liaison.http.HubServer;
import org.liaison.http.Requests;
import org.liaison.store.Deadline;
import org.slf4j.MDC;

/**
 * What Javalin and the servlet stack cost per request: one server, one connector, three ways to
 * give noop's answer (a token check and a constant JSON body), measured in turn by the bench's own
 * clients in this process.
 *
 * <ul>
 *   <li>{@code javalin}: {@code GET /liaison/v1/noop} as the hub serves it, a Javalin route behind
 *       {@link Requests} (id, deadline, limits, meters, log line), the security headers and the
 *       JSON error handlers of {@link HubServer}.
 *   <li>{@code bare}: {@code GET /liaison/v1/noop-bare}, a Jetty 12 core {@link Handler} placed in a
 *       {@link Handler.Sequence} ahead of Javalin's servlet context: the same guard, the security
 *       headers and the body, nothing else.
 *   <li>{@code lean}: {@code GET /liaison/v1/noop-lean}, the core handler doing what {@link
 *       Requests} does around a route too (request id in and out, deadline, MDC, in-flight count,
 *       the {@code http.server.requests} timer): the cost a lean write path would pay.
 * </ul>
 *
 * <p>Run from the compiled test classes (see docs/performance.md, "HTTP path: Javalin against a
 * bare Jetty handler"): {@code HttpStackBenchmark [--rounds R] [--warmup S] [--duration S]
 * [--clients N] [--only javalin|bare|lean]}. With {@code --only} one mode runs, for a profile of it.
 */
public final class HttpStackBenchmark {
  static final String JAVALIN = Scenarios.NOOP;
  static final String BARE = "/liaison/v1/noop-bare";
  static final String LEAN = "/liaison/v1/noop-lean";
  private static final byte[] BODY = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
  private static final List<Set<String>> SCOPES = List.of(Set.of(Target.SCOPE_SC));
  private static final String API_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  private static final String AUDIENCE = "localhost";

  private HttpStackBenchmark() {}

  public static void main(String[] args) throws IOException {
    int rounds = 3;
    int clients = 16;
    Duration warmup = Duration.ofSeconds(20);
    Duration duration = Duration.ofSeconds(10);
    List<String> modes = List.of("javalin", "bare", "lean");
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(v);
        case "--clients" -> clients = Integer.parseInt(v);
        case "--warmup" -> warmup = Duration.ofSeconds(Long.parseLong(v));
        case "--duration" -> duration = Duration.ofSeconds(Long.parseLong(v));
        case "--only" -> modes = List.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; known: --rounds, --clients, --warmup, --duration, --only javalin|bare|lean");
      }
    }
    Path dir = Files.createTempDirectory("liaison-http-stack-");
    DevAuthority dev = DevAuthority.open(dir);
    Requests requests = Requests.defaults(Clock.systemUTC());
    Guard guard = requests.guard(Guard.of(TokenVerifier.forAudience(AUDIENCE).trustJwkSet(dev.publicJwkSet()).build()));
    Timer leanTimer = Timer.builder("http.server.requests").tag("method", "GET").tag("route", LEAN)
        .tag("status", "200").register(requests.registry());
    List<Consumer<JavalinConfig>> routes = new ArrayList<>();
    // Javalin adds its servlet context to a Sequence it finds on the server: ours answers first.
    routes.add(c -> c.jetty.modifyServer(s -> s.setHandler(new Handler.Sequence(new Core(guard, leanTimer)))));
    routes.add(c -> c.routes.get(JAVALIN, ctx -> {
      guard.check(ctx.header("Authorization"), SCOPES);
      ctx.status(200).contentType("application/json").result(BODY);
    }));
    String[] tokens = new String[Scenarios.PARTIES];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = dev.mint(Scenarios.party(i), List.of(Target.SCOPE_SC), AUDIENCE, "liaison-bench", Duration.ofHours(1));
    }
    try (HubServer server = HubServer.start("127.0.0.1", 0, routes, requests);
        Target target = Target.remote(List.of(URI.create("http://127.0.0.1:" + server.port())), Transport.Kind.RAW,
            AUDIENCE)) {
      System.out.printf(Locale.ROOT, "%d CPUs, Java %s; %d clients, %d s warm-up then %d s measured per run%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), clients,
          warmup.toSeconds(), duration.toSeconds());
      for (int round = 1; round <= rounds; round++) {
        // Each round runs the modes in the other order, so neither always follows the other.
        List<String> order = new ArrayList<>(modes);
        if (round % 2 == 0) {
          java.util.Collections.reverse(order);
        }
        for (String mode : order) {
          String path = switch (mode) {
            case "javalin" -> JAVALIN;
            case "bare" -> BARE;
            case "lean" -> LEAN;
            default -> throw new IllegalArgumentException("--only " + mode + ": known modes are javalin, bare, lean");
          };
          Runner.Measured m = Runner.run(mode, clients, warmup, duration, i -> client(target, path, tokens[i % tokens.length]),
              System.err);
          Report r = Report.of(mode, "in-process server", null, m);
          Report.OpFigures f = r.ops().get(mode);
          String line = String.format(Locale.ROOT, "round %d %-8s %,9.0f req/s  server %5.1f µs/req  client %5.1f µs/req"
              + "  p50 %.2f ms  p99 %.2f ms  statuses %s  machine share %.0f%%", round, mode, r.requestsPerSecond(),
              r.cpu().restOfProcessMicrosPerRequest(), r.cpu().clientMicrosPerRequest(), f.p50Ms(), f.p99Ms(),
              f.statuses(), 100 * r.cpu().machineShare());
          System.out.println(line);
        }
      }
    }
  }

  private static Runner.Client client(Target target, String path, String token) {
    return new Runner.Client() {
      final Transport t = target.transports.open();

      @Override
      public void step(Recorder r) {
        String op = path.equals(JAVALIN) ? "javalin" : path.equals(BARE) ? "bare" : "lean";
        r.call(op, false, t, "GET", path, token, null);
      }

      @Override
      public void close() {
        t.close();
      }
    };
  }

  /** The two core-handler answers; every other request goes on to Javalin. */
  static final class Core extends Handler.Abstract {
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:+=/-]{1,128}");
    private static final HexFormat HEX = HexFormat.of();
    private final Guard guard;
    private final Timer timer;
    private final AtomicInteger inFlight = new AtomicInteger();

    Core(Guard guard, Timer timer) {
      this.guard = guard;
      this.timer = timer;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      boolean lean = path.equals(LEAN);
      if (!lean && !path.equals(BARE)) {
        return false;
      }
      if (!lean) {
        answer(request, response, callback);
        return true;
      }
      long start = System.nanoTime();
      String offered = request.getHeaders().get(Requests.ID_HEADER);
      String id = offered != null && SANE_ID.matcher(offered).matches() ? offered : newId();
      response.getHeaders().put(Requests.ID_HEADER, id);
      MDC.put(Requests.MDC_REQUEST_ID, id);
      MDC.remove(Requests.MDC_PARTY);
      inFlight.incrementAndGet();
      Deadline.start(Duration.ofSeconds(10));
      try {
        answer(request, response, callback);
      } finally {
        timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        inFlight.decrementAndGet();
        MDC.remove(Requests.MDC_REQUEST_ID);
        MDC.remove(Requests.MDC_PARTY);
        Deadline.clear();
      }
      return true;
    }

    private void answer(Request request, Response response, Callback callback) {
      var h = response.getHeaders();
      h.put("Content-Security-Policy", API_CSP);
      h.put("X-Content-Type-Options", "nosniff");
      h.put("Referrer-Policy", "no-referrer");
      h.put(HttpHeader.CONTENT_TYPE, "application/json");
      byte[] body = BODY;
      try {
        guard.check(request.getHeaders().get(HttpHeader.AUTHORIZATION), SCOPES);
        response.setStatus(200);
      } catch (AuthException e) {
        response.setStatus(401);
        body = "{\"message\":\"unauthenticated\"}".getBytes(StandardCharsets.UTF_8);
      }
      h.put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String newId() {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      return HEX.toHexDigits(r.nextLong()) + HEX.toHexDigits(r.nextLong());
    }
  }
}
