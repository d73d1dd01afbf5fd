package org.liaison.deconfliction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A plain HTTP client for a hub's {@code /dss/v1} API, through a real port. Any 5xx answer fails
 * the test at once: a 500 is always a bug.
 */
public final class DssClient {
  public static final String SC = "utm.strategic_coordination";
  public static final String CM = "utm.constraint_management";
  public static final String CP = "utm.constraint_processing";
  public static final String CMSA = "utm.conformance_monitoring_sa";
  public static final String AA = "utm.availability_arbitration";

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private final List<URI> bases;
  private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
  private final Runnable afterWrite;
  private final Supplier<Instant> now;
  private final BiFunction<String, List<String>, String> minter;
  private final Duration timeout;

  /**
   * @param now the hub's clock, for volumes relative to now
   * @param minter a token for (sub, scopes)
   */
  public DssClient(URI base, Supplier<Instant> now, BiFunction<String, List<String>, String> minter) {
    this(List.of(base), () -> {}, now, minter, Duration.ofSeconds(60));
  }

  /**
   * A client of several hub instances sharing one database: each request goes to the next
   * instance in turn, and {@code afterWrite} runs after every request that is not a GET.
   */
  DssClient(List<URI> bases, Runnable afterWrite, Supplier<Instant> now,
      BiFunction<String, List<String>, String> minter) {
    this(bases, afterWrite, now, minter, Duration.ofSeconds(60));
  }

  private DssClient(List<URI> bases, Runnable afterWrite, Supplier<Instant> now,
      BiFunction<String, List<String>, String> minter, Duration timeout) {
    this.bases = List.copyOf(bases);
    this.afterWrite = afterWrite;
    this.now = now;
    this.minter = minter;
    this.timeout = timeout;
  }

  /** This client with each exchange bounded by {@code timeout}, so a hang fails fast. */
  public DssClient withTimeout(Duration timeout) {
    return new DssClient(bases, afterWrite, now, minter, timeout);
  }

  /** The (first) hub this client talks to. */
  public URI base() {
    return bases.get(0);
  }

  public static DssClient local(int port, Supplier<Instant> now, BiFunction<String, List<String>, String> minter) {
    return new DssClient(URI.create("http://127.0.0.1:" + port), now, minter);
  }

  /** A party with the scopes of a strategic coordinator that also manages and processes constraints. */
  public Party party(String name) {
    return party(name, SC, CM, CP);
  }

  public Party party(String name, String... scopes) {
    return new Party(this, name, minter.apply(name, List.of(scopes)));
  }

  Instant now() {
    return now.get();
  }

  /** One exchange; {@code body} is a JSON node, a raw string, raw bytes, or null. */
  public Resp send(String method, String path, Object body, String authorization) {
    byte[] bytes;
    try {
      bytes = body == null ? null
          : body instanceof byte[] raw ? raw
          : (body instanceof String s ? s : MAPPER.writeValueAsString(body)).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
    URI base = bases.get(Math.floorMod(next.getAndIncrement(), bases.size()));
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (bytes != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
    HttpResponse<String> r;
    try {
      r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    if (!method.equals("GET")) {
      afterWrite.run();
    }
    Resp resp = new Resp(r.statusCode(), parse(r.body()), r.body());
    if (resp.status() >= 500) {
      throw new AssertionError(method + " " + path + " answered " + resp.status() + ": " + r.body());
    }
    return resp;
  }

  private static JsonNode parse(String s) {
    if (s == null || s.isBlank()) {
      return MAPPER.nullNode();
    }
    try {
      return MAPPER.readTree(s);
    } catch (JsonProcessingException e) {
      return MAPPER.nullNode();
    }
  }
}
