package org.liaison.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.liaison.errors.ApiException;
import org.liaison.errors.InvalidFieldException;
import org.liaison.http.Json;
import org.liaison.http.JsonHttp;
import org.liaison.json.ObjectView;

/**
 * The typed clients' use of {@link JsonHttp}: a token for the called service's audience, answers
 * kept with their method and URL, and failures as {@link ServiceException}s.
 */
final class Rest {
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
    /** The answer's body as an object read by {@code reader}; a malformed one is a {@link ServiceException}. */
    <T> T read(java.util.function.Function<ObjectView, T> reader) {
      try {
        return reader.apply(ObjectView.of(json()));
      } catch (ApiException | InvalidFieldException e) {
        throw new ServiceException(status, method, url, "malformed answer: " + e.getMessage(), e);
      }
    }
  }

  private final JsonHttp http;
  private final TokenProvider tokens;

  Rest(JsonHttp http, TokenProvider tokens) {
    this.http = http;
    this.tokens = tokens;
  }

  private String bearer(URI url) {
    return tokens.token(TokenProvider.audienceOf(url));
  }

  Reply call(String method, URI url, JsonNode body, Duration timeout) {
    try {
      return reply(http.send(method, url, bearer(url), body, timeout), method, url);
    } catch (InterruptedIOException e) {
      throw new ServiceException(0, method, url, "interrupted", e);
    } catch (IOException e) {
      throw noAnswer(method, url, e);
    }
  }

  CompletableFuture<Reply> callAsync(String method, URI url, JsonNode body, Duration timeout) {
    String bearer;
    try {
      bearer = bearer(url);
    } catch (ServiceException e) {
      return CompletableFuture.failedFuture(e);
    }
    return http.sendAsync(method, url, bearer, body, timeout)
        .handle((r, e) -> {
          if (e != null) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw noAnswer(method, url, cause);
          }
          return reply(r, method, url);
        });
  }

  private static Reply reply(JsonHttp.Reply r, String method, URI url) {
    return new Reply(r.status(), r.text(), r.headers(), method, url);
  }

  private static ServiceException noAnswer(String method, URI url, Throwable e) {
    String why = e instanceof HttpTimeoutException ? "timed out" : "no answer (" + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
    return new ServiceException(0, method, url, why, e);
  }
}
