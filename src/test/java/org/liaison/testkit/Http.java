package org.liaison.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP against a server under test on loopback: a bearer token when given, JSON bodies, and
 * the answer as text. The one copy of what the test packages used to write each for themselves.
 */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Generous: a loaded CI machine is slow, and a test that waits this long fails anyway. */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final URI base;

  public Http(URI base) {
    this.base = base;
  }

  public URI base() {
    return base;
  }

  /**
   * {@code method path} with {@code token} as bearer (none when null), {@code body} as JSON (none
   * when null) and any further {@code headers} (name, value, …).
   */
  public HttpResponse<String> send(String method, String path, String token, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String path, String token, String... headers) throws IOException, InterruptedException {
    return send("GET", path, token, null, headers);
  }

  public HttpResponse<String> put(String path, String token, String body) throws IOException, InterruptedException {
    return send("PUT", path, token, body);
  }

  public HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
    return send("POST", path, token, body);
  }
}
