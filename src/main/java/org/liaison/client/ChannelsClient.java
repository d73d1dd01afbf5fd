package org.liaison.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The hub's channel API ({@code /liaison/v1/parties}, {@code channels}, messages), for one party. */
public final class ChannelsClient {
  /** A status and its JSON body. */
  public record Answer(int status, JsonNode body) {
    public boolean ok() {
      return status / 100 == 2;
    }
  }

  private final String base;
  private final Rest rest;
  private final Duration timeout = Duration.ofSeconds(30);

  public ChannelsClient(URI hub, TokenProvider tokens) {
    String s = hub.toString();
    this.base = (s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/liaison/v1";
    this.rest = new Rest(Rest.defaultHttp(), tokens);
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

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
