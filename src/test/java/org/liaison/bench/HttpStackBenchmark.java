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
import org.eclipse.jetty.io.Content;
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
 * What Javalin and the servlet stack cost per request: one server, one connector, the same answers
 * given through Javalin and through a Jetty 12 core handler, measured in turn by the bench's own
 * clients in this process. The server is a {@link HubServer} (with {@link Requests}, the security
 * headers, the JSON error handlers and an after-handler like the hub's key-rule meter) holding only
 * the routes below, not the hub's others.
 *
 * <ul>
 *   <li>{@code javalin}: {@code GET /liaison/v1/noop}, a Javalin route doing what the hub's noop
 *       route does (the token check, a constant JSON body).
 *   <li>{@code bare}: {@code GET /liaison/v1/noop-bare}, a core {@link Handler} placed in a {@link
 *       Handler.Sequence} ahead of Javalin's servlet context: the same guard, the security headers
 *       and the body, nothing else.
 *   <li>{@code lean}: {@code GET /liaison/v1/noop-lean}, the core handler doing what {@link
 *       Requests} does around a route too (request id in and out, deadline, MDC, in-flight count,
 *       the {@code http.server.requests} timer), which a lean path would have to keep.
 *   <li>{@code javalin-put} and {@code lean-put}: a write's shape, {@code PUT} of spread's body
 *       (about 480 bytes) to a path ending in an id, answered 201 with a 400-byte receipt header and
 *       a 600-byte JSON body, by a Javalin route and by the lean core handler (4 MiB body cap kept).
 * </ul>
 *
 * <p>Run from the compiled test classes (see docs/performance.md, "HTTP path: Javalin against a
 * bare Jetty handler"): {@code HttpStackBenchmark [--rounds R] [--warmup S] [--duration S]
 * [--clients N] [--only MODE]}. Each round runs every mode, in the reverse order of the round
 * before; with {@code --only} one mode runs, for a profile of it.
 */
public final class HttpStackBenchmark {
  static final String JAVALIN = Scenarios.NOOP;
  static final String BARE = "/liaison/v1/noop-bare";
  static final String LEAN = "/liaison/v1/noop-lean";
  /** A write's shape: PUT with spread's body to a path carrying an id, 201 with a receipt header. */
  static final String JAVALIN_PUT = "/liaison/v1/noop-put/";
  static final String LEAN_PUT = "/liaison/v1/noop-lean-put/";
  static final String DIRECT_PUT = "/liaison/v1/noop-direct-put/";
  private static final byte[] PUT_BODY = Payloads.createNotice(new Payloads.Volume(46.95, 7.45, 200, 0, 120,
      java.time.Instant.parse("2030-01-01T10:00:00Z"), java.time.Instant.parse("2030-01-01T12:00:00Z")), List.of(),
      Scenarios.ussBaseUrl(Scenarios.party(0)));
  /** About the size of a write's answer (its reference and an empty subscribers list) and receipt. */
  private static final byte[] PUT_ANSWER = ("{\"operational_intent_reference\":{\"id\":\"" + "x".repeat(36) + "\",\"filler\":\""
      + "y".repeat(520) + "\"},\"subscribers\":[]}").getBytes(StandardCharsets.UTF_8);
  private static final String RECEIPT = "z".repeat(400);
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
    List<String> modes = List.of("javalin", "bare", "lean", "javalin-put", "lean-put");
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(v);
        case "--clients" -> clients = Integer.parseInt(v);
        case "--warmup" -> warmup = Duration.ofSeconds(Long.parseLong(v));
        case "--duration" -> duration = Duration.ofSeconds(Long.parseLong(v));
        case "--only" -> modes = List.of(v);
        case "--modes" -> modes = List.of(v.split(","));
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; known: --rounds, --clients, --warmup, --duration, --modes M1,M2,.., --only javalin|bare|lean|javalin-put|lean-put|direct-put");
      }
    }
    Path dir = Files.createTempDirectory("liaison-http-stack-");
    DevAuthority dev = DevAuthority.open(dir);
    Requests requests = Requests.defaults(Clock.systemUTC());
    Guard guard = requests.guard(Guard.of(TokenVerifier.forAudience(AUDIENCE).trustJwkSet(dev.publicJwkSet()).build()));
    Timer leanTimer = Timer.builder("http.server.requests").tag("method", "GET").tag("route", LEAN)
        .tag("status", "200").register(requests.registry());
    Timer putTimer = Timer.builder("http.server.requests").tag("method", "PUT").tag("route", LEAN_PUT + "{entityid}")
        .tag("status", "201").register(requests.registry());
    List<Consumer<JavalinConfig>> routes = new ArrayList<>();
    // Javalin adds its servlet context to a Sequence it finds on the server: ours answers first.
    routes.add(c -> c.jetty.modifyServer(s -> s.setHandler(new Handler.Sequence(new Core(guard, leanTimer, putTimer)))));
    // The hub's one after-handler (HubMetrics.keyRule) reads an attribute of every request.
    routes.add(c -> c.routes.after(ctx -> {
      if (ctx.attribute("liaison.key_conflict") != null) {
        throw new IllegalStateException("no route of this server sets the key-conflict attribute");
      }
    }));
    routes.add(c -> c.routes.get(JAVALIN, ctx -> {
      guard.check(ctx.header("Authorization"), SCOPES);
      ctx.status(200).contentType("application/json").result(BODY);
    }));
    routes.add(c -> c.routes.put(JAVALIN_PUT + "{entityid}", ctx -> {
      guard.check(ctx.header("Authorization"), SCOPES);
      putAnswer(ctx.pathParam("entityid"), ctx.bodyAsBytes());
      ctx.header("Liaison-Receipt", RECEIPT);
      ctx.status(201).contentType("application/json").result(PUT_ANSWER);
    }));
    // Javalin's route, but the body read and the answer written through the servlet streams
    // directly, without Javalin's 8 KiB copies (and so without its compression).
    routes.add(c -> c.routes.put(DIRECT_PUT + "{entityid}", ctx -> {
      guard.check(ctx.header("Authorization"), SCOPES);
      byte[] body = ctx.req().getInputStream().readNBytes((int) HubServer.MAX_BODY + 1);
      putAnswer(ctx.pathParam("entityid"), body);
      ctx.header("Liaison-Receipt", RECEIPT);
      ctx.status(201).contentType("application/json");
      ctx.res().setContentLength(PUT_ANSWER.length);
      ctx.res().getOutputStream().write(PUT_ANSWER);
    }));
    String[] tokens = new String[Scenarios.PARTIES];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = dev.mint(Scenarios.party(i), List.of(Target.SCOPE_SC), AUDIENCE, "liaison-bench", Duration.ofHours(1));
    }
    try (HubServer server = HubServer.start("127.0.0.1", 0, routes, requests);
        Target target = Target.remote(List.of(URI.create("http://127.0.0.1:" + server.port())), Transport.Kind.RAW,
            AUDIENCE)) {
      System.out.printf(Locale.ROOT, "server on port %d; %d CPUs, Java %s; %d clients, %d s warm-up then %d s measured per run%n",
          server.port(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), clients,
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
            case "javalin-put" -> JAVALIN_PUT;
            case "lean-put" -> LEAN_PUT;
            case "direct-put" -> DIRECT_PUT;
            default -> throw new IllegalArgumentException("--only " + mode
                + ": known modes are javalin, bare, lean, javalin-put, lean-put, direct-put");
          };
          Runner.Measured m = Runner.run(mode, clients, warmup, duration,
              i -> client(target, mode, path, tokens[i % tokens.length]), System.err);
          Report r = Report.of(mode, "in-process server", null, m);
          Report.OpFigures f = r.ops().get(mode);
          String line = String.format(Locale.ROOT, "round %d %-11s %,7.0f req/s  server %5.1f µs/req  client %5.1f µs/req"
              + "  p50 %.2f ms  p99 %.2f ms  statuses %s  machine share %.0f%%", round, mode, r.requestsPerSecond(),
              r.cpu().restOfProcessMicrosPerRequest(), r.cpu().clientMicrosPerRequest(), f.p50Ms(), f.p99Ms(),
              f.statuses(), 100 * r.cpu().machineShare());
          System.out.println(line);
        }
      }
    } finally {
      Files.deleteIfExists(dir.resolve(DevAuthority.KEY_FILE_NAME));
      Files.deleteIfExists(dir);
    }
  }

  /** What both write-shaped paths do with the id and body: check they came, as a route would read them. */
  static void putAnswer(String id, byte[] body) {
    if (id.isEmpty() || body.length != PUT_BODY.length) {
      throw new IllegalStateException("the body of PUT " + id + " arrived with " + body.length + " bytes");
    }
  }

  private static Runner.Client client(Target target, String mode, String path, String token) {
    boolean put = mode.endsWith("-put");
    return new Runner.Client() {
      final Transport t = target.transports.open();

      @Override
      public void step(Recorder r) {
        if (put) {
          r.call(mode, false, t, "PUT", path + java.util.UUID.randomUUID(), token, PUT_BODY);
        } else {
          r.call(mode, false, t, "GET", path, token, null);
        }
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
    private final Timer getTimer;
    private final Timer putTimer;
    private final AtomicInteger inFlight = new AtomicInteger();

    Core(Guard guard, Timer getTimer, Timer putTimer) {
      this.guard = guard;
      this.getTimer = getTimer;
      this.putTimer = putTimer;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      boolean put = path.startsWith(LEAN_PUT) && request.getMethod().equals("PUT");
      boolean lean = put || path.equals(LEAN);
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
        if (put) {
          answerPut(path.substring(LEAN_PUT.length()), request, response, callback);
        } else {
          answer(request, response, callback);
        }
      } finally {
        (put ? putTimer : getTimer).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
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

    private void answerPut(String id, Request request, Response response, Callback callback) {
      var h = response.getHeaders();
      h.put("Content-Security-Policy", API_CSP);
      h.put("X-Content-Type-Options", "nosniff");
      h.put("Referrer-Policy", "no-referrer");
      h.put(HttpHeader.CONTENT_TYPE, "application/json");
      byte[] answer = PUT_ANSWER;
      try {
        guard.check(request.getHeaders().get(HttpHeader.AUTHORIZATION), SCOPES);
        long announced = request.getLength();
        if (announced > HubServer.MAX_BODY) {
          throw new IllegalArgumentException("body of " + announced + " bytes");
        }
        // Blocking read on a request thread, as the servlet path does; the cap holds for chunked bodies too.
        byte[] body;
        try (java.io.InputStream in = Content.Source.asInputStream(request)) {
          body = in.readNBytes((int) HubServer.MAX_BODY + 1);
        }
        if (body.length > HubServer.MAX_BODY) {
          throw new IllegalArgumentException("body over " + HubServer.MAX_BODY + " bytes");
        }
        putAnswer(id, body);
        h.put("Liaison-Receipt", RECEIPT);
        response.setStatus(201);
      } catch (AuthException e) {
        response.setStatus(401);
        answer = "{\"message\":\"unauthenticated\"}".getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        response.setStatus(400);
        answer = "{\"message\":\"body ended early\"}".getBytes(StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        response.setStatus(413);
        answer = "{\"message\":\"too large\"}".getBytes(StandardCharsets.UTF_8);
      }
      h.put(HttpHeader.CONTENT_LENGTH, answer.length);
      response.write(true, ByteBuffer.wrap(answer), callback);
    }

    private static String newId() {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      return HEX.toHexDigits(r.nextLong()) + HEX.toHexDigits(r.nextLong());
    }
  }
}
