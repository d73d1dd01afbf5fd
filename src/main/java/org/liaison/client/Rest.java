package org.liaison.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.liaison.errors.ApiException;
import org.liaison.errors.InvalidFieldException;
import org.liaison.http.Json;

/** The one HTTP transport of the typed clients: bearer token, JSON in and out, errors as exceptions. */
final class Rest {
  /** Connection timeout of the shared client. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  /** An answer: status, body text and headers. */
  record Reply(int status, String body, HttpHeaders headers, String method, URI url) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (JsonProcessingException e) {
        throw new ServiceException(status, method, url, "answer is not JSON: " + e.getOriginalMessage(), e);
      }
    }

    ServiceException error() {
      String message = body;
      try {
        JsonNode n = Json.MAPPER.readTree(body);
        if (n != null && n.hasNonNull("message")) {
          message = n.get("message").asText();
        }
      } catch (JsonProcessingException e) {
        // keep the raw body as the message
      }
      String m = String.valueOf(message);
      return new ServiceException(status, method, url, "answered " + status + ": " + (m.length() <= 500 ? m : m.substring(0, 500) + "…"), null);
    }

    /** Parses the JSON answer with {@code reader}; a malformed answer is the service's fault. */
    <T> T read(java.util.function.Function<JsonNode, T> reader) {
      try {
        return reader.apply(json());
      } catch (ApiException | InvalidFieldException e) {
        throw new ServiceException(status, method, url, "malformed answer: " + e.getMessage(), e);
      }
    }
  }

  private final HttpClient http;
  private final TokenProvider tokens;

  Rest(HttpClient http, TokenProvider tokens) {
    this.http = http;
    this.tokens = tokens;
  }

  static HttpClient defaultHttp() {
    return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
  }

  private HttpRequest request(String method, URI url, JsonNode body, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
        .header("Authorization", "Bearer " + tokens.token(TokenProvider.audienceOf(url)));
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

  Reply call(String method, URI url, JsonNode body, Duration timeout) {
    try {
      HttpResponse<String> r = http.send(request(method, url, body, timeout), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r.headers(), method, url);
    } catch (IOException e) {
      throw noAnswer(method, url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceException(0, method, url, "interrupted", e);
    }
  }

  CompletableFuture<Reply> callAsync(String method, URI url, JsonNode body, Duration timeout) {
    HttpRequest req;
    try {
      req = request(method, url, body, timeout);
    } catch (ServiceException e) {
      return CompletableFuture.failedFuture(e);
    }
    return http.sendAsync(req, HttpResponse.BodyHandlers.ofString())
        .handle((r, e) -> {
          if (e != null) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw noAnswer(method, url, cause);
          }
          return new Reply(r.statusCode(), r.body(), r.headers(), method, url);
        });
  }

  private static ServiceException noAnswer(String method, URI url, Throwable e) {
    String why = e instanceof HttpTimeoutException ? "timed out" : "no answer (" + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
    return new ServiceException(0, method, url, why, e);
  }
}
