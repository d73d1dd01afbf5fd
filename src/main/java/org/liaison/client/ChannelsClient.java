package org.liaison.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.liaison.http.JsonHttp;

/** The hub's channel API ({@code /liaison/v1/parties}, {@code channels}, messages), for one party. */
public final class ChannelsClient {
  /** A status and its JSON body. */
  public record Answer(int status, JsonNode body) {
    public boolean ok() {
      return status / 100 == 2;
    }
  }

  private final String base;
  private final TokenProvider tokens;
  private final Rest rest;
  private final Duration timeout;

  public ChannelsClient(URI hub, TokenProvider tokens) {
    this(hub, tokens, Duration.ofSeconds(30));
  }

  /** A client whose calls wait up to {@code timeout} for an answer. */
  public ChannelsClient(URI hub, TokenProvider tokens, Duration timeout) {
    String s = hub.toString();
    this.base = (s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/liaison/v1";
    this.tokens = tokens;
    this.rest = new Rest(JsonHttp.shared(), tokens);
    this.timeout = timeout;
  }

  public Answer call(String method, String path, JsonNode body) {
    Rest.Reply r = rest.call(method, URI.create(base + path), body, timeout);
    return new Answer(r.status(), r.body() == null || r.body().isBlank() ? NullNode.getInstance() : r.json());
  }

  public Answer updateParty(String party, JsonNode directory) {
    return call("PUT", "/parties/" + enc(party), directory);
  }

  public Answer party(String party) {
    return call("GET", "/parties/" + enc(party), null);
  }

  public Answer heartbeat(String party) {
    return call("POST", "/parties/" + enc(party) + "/heartbeat", null);
  }

  public Answer createChannel(JsonNode channel) {
    return call("POST", "/channels", channel);
  }

  public Answer post(String channel, JsonNode message) {
    return call("POST", "/channels/" + enc(channel) + "/messages", message);
  }

  /** Fetching a message marks it delivered to the caller. */
  public Answer message(String channel, String id) {
    return call("GET", "/channels/" + enc(channel) + "/messages/" + enc(id), null);
  }

  public Answer read(String channel, String id) {
    return call("POST", "/channels/" + enc(channel) + "/messages/" + enc(id) + "/read", null);
  }

  public Answer ack(String channel, String id, JsonNode reply) {
    return call("POST", "/channels/" + enc(channel) + "/messages/" + enc(id) + "/ack", reply);
  }

  /**
   * Opens the caller's event stream ({@code GET /events}, server-sent events) after event {@code
   * after} (null: from now). The caller reads and closes the body; it stays open while the hub sends.
   */
  public HttpResponse<InputStream> events(Long after) {
    URI url = URI.create(base + "/events" + (after == null ? "" : "?after=" + after));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "text/event-stream");
    if (after != null) {
      headers.put("Last-Event-ID", String.valueOf(after));
    }
    try {
      return JsonHttp.shared().stream(url, tokens.token(TokenProvider.audienceOf(url)), headers, Duration.ofDays(365));
    } catch (InterruptedIOException e) {
      throw new ServiceException(0, "GET", url, "interrupted", e);
    } catch (IOException e) {
      throw new ServiceException(0, "GET", url, "no answer (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
