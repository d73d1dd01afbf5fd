package org.liaison.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The one HTTP client transport of Liaison's clients (hub, channels, node, peer and ledger
 * clients, the CLI and the dev-auth token fetch): the JDK's {@link HttpClient} over HTTP/1.1, an
 * optional bearer token, JSON bodies. It knows nothing of any API: callers read the status and
 * body and raise their own errors. Failing to get an answer is an {@link IOException} (a timeout
 * is the JDK's {@link java.net.http.HttpTimeoutException}); an interrupt leaves the thread's flag
 * set and is an {@link InterruptedIOException}. Safe to share between threads.
 */
public final class JsonHttp {
  /** Connection timeout of the shared client. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  private static final JsonHttp SHARED = new JsonHttp(
      HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1).build());

  /** An answer: status, body bytes and headers. */
  public record Reply(int status, byte[] body, HttpHeaders headers) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpClient http;

  public JsonHttp(HttpClient http) {
    this.http = http;
  }

  /**
   * The process's shared client: one connection pool and one selector thread for every client
   * that is not given its own {@link HttpClient}.
   */
  public static JsonHttp shared() {
    return SHARED;
  }

  /** {@code body} null sends none; {@code bearer} null sends no Authorization header. */
  public Reply send(String method, URI url, String bearer, JsonNode body, Duration timeout) throws IOException {
    try {
      HttpResponse<byte[]> r = http.send(request(method, url, bearer, body, timeout, Map.of()),
          HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(r.statusCode(), r.body(), r.headers());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException(method + " " + url + " was interrupted");
      io.initCause(e);
      throw io;
    }
  }

  /** As {@link #send}, without blocking; a call that gets no answer completes with its IOException. */
  public CompletableFuture<Reply> sendAsync(String method, URI url, String bearer, JsonNode body, Duration timeout) {
    HttpRequest req;
    try {
      req = request(method, url, bearer, body, timeout, Map.of());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray())
        .handle((r, e) -> {
          if (e != null) {
            throw e instanceof CompletionException ce ? ce : new CompletionException(e);
          }
          return new Reply(r.statusCode(), r.body(), r.headers());
        });
  }

  /** A GET whose body is read as it arrives, such as a server-sent event stream; the caller closes it. */
  public HttpResponse<InputStream> stream(URI url, String bearer, Map<String, String> headers, Duration timeout)
      throws IOException {
    try {
      return http.send(request("GET", url, bearer, null, timeout, headers), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("GET " + url + " was interrupted");
      io.initCause(e);
      throw io;
    }
  }

  private static HttpRequest request(String method, URI url, String bearer, JsonNode body, Duration timeout,
      Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json");
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    headers.forEach(b::setHeader);
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      try {
        b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("request body not serializable", e);
      }
    }
    return b.build();
  }
}
