package org.liaison.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.liaison.channels.Bodies;
import org.liaison.channels.Envelope;
import org.liaison.client.ChannelsClient;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's channel API on the party's own node ({@code /liaison/v1/channels…}, operator token),
 * so the party's console and CLI talk to channels through the node that holds its keys. On an
 * end-to-end encrypted channel the node seals what its operator posts, for the sender and each
 * recipient, with the keys they published to the hub; and opens what it receives, rendering the
 * phrase here. A message it cannot open is shown as undecryptable and reported to the hub, once,
 * never dropped. Everything else passes through to the hub as it is.
 */
final class ChannelProxy {
  private static final Logger log = LoggerFactory.getLogger(ChannelProxy.class);
  private static final String BASE = "/liaison/v1";

  private final String party;
  private final ChannelsClient hub;
  private final Supplier<List<Envelope.KeyPair>> keyring;
  private final Bodies bodies;
  /** Messages already reported as undecryptable, so a page shown again does not report again. */
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  /**
   * {@code hub} signs this party's statements; {@code keyring} gives the party's encryption keys,
   * the current one first, then retired ones (messages sealed before a rotation still open).
   */
  ChannelProxy(String party, ChannelsClient hub, Supplier<List<Envelope.KeyPair>> keyring, Bodies bodies) {
    this.party = party;
    this.hub = hub;
    this.keyring = keyring;
    this.bodies = bodies;
  }

  void register(RoutesConfig r) {
    r.get(BASE + "/channels", this::pass);
    r.post(BASE + "/channels", this::create);
    r.get(BASE + "/channels/{id}", this::pass);
    r.post(BASE + "/channels/{id}/members", this::pass);
    r.delete(BASE + "/channels/{id}/members/{party}", this::pass);
    r.post(BASE + "/channels/{id}/suspend", this::pass);
    r.post(BASE + "/channels/{id}/resume", this::pass);
    r.get(BASE + "/channels/{id}/messages", this::page);
    r.post(BASE + "/channels/{id}/messages", this::post);
    r.get(BASE + "/channels/{id}/messages/{mid}", this::one);
    // Reads and acknowledgements are the party's statements: the node signs them.
    r.post(BASE + "/channels/{id}/messages/{mid}/read", ctx -> send(ctx, hub.read(ctx.pathParam("id"),
        ctx.pathParam("mid"))));
    r.post(BASE + "/channels/{id}/messages/{mid}/ack", ctx -> send(ctx, hub.ack(ctx.pathParam("id"),
        ctx.pathParam("mid"), ctx.body().isBlank() ? null : Json.body(ctx))));
    r.get(BASE + "/parties", this::pass);
    r.get(BASE + "/phrasebook", this::pass);
  }

  /** The hub's answer to the same request, as it is. */
  private void pass(Context ctx) {
    send(ctx, hub.call(ctx.method().name(), hubPath(ctx), ctx.body().isBlank() ? null : Json.body(ctx)));
  }

  /** Channels made from a node are end-to-end encrypted unless the operator asks otherwise. */
  private void create(Context ctx) {
    JsonNode body = Json.body(ctx);
    if (body.isObject() && !body.has("encryption")) {
      ((ObjectNode) body).put("encryption", "e2e");
    }
    send(ctx, hub.call("POST", "/channels", body));
  }

  private void page(Context ctx) {
    ChannelsClient.Answer a = hub.call("GET", hubPath(ctx), null);
    if (a.ok()) {
      for (JsonNode m : a.body().path("messages")) {
        open((ObjectNode) m, ctx.queryParam("lang"));
      }
    }
    send(ctx, a);
  }

  private void one(Context ctx) {
    ChannelsClient.Answer a = hub.call("GET", hubPath(ctx), null);
    if (a.ok()) {
      open((ObjectNode) a.body(), ctx.queryParam("lang"));
    }
    send(ctx, a);
  }

  private void post(Context ctx) {
    String channel = ctx.pathParam("id");
    JsonNode body = Json.body(ctx);
    ChannelsClient.Answer ch = hub.call("GET", "/channels/" + enc(channel), null);
    if (!ch.ok() || !"e2e".equals(ch.body().path("encryption").asText())) {
      send(ctx, ch.ok() ? hub.post(channel, body) : ch);
      return;
    }
    ObjectNode sealedPost = bodies.seal(ch.body(), party, body, this::encryptionKey);
    ChannelsClient.Answer a = hub.post(channel, sealedPost);
    if (a.ok()) {
      open((ObjectNode) a.body(), null);
    }
    send(ctx, a);
  }

  /** {@code p}'s current X25519 public key as the hub publishes it; 409 naming the party if none. */
  private byte[] encryptionKey(String p) {
    return hub.currentKeys(p).orElseThrow(() -> ApiException.conflict("%s has no current encryption key at the hub"
        + " (none published, or the last was revoked), so it could not read an end-to-end encrypted message;"
        + " its node publishes one when it starts", p)).x25519();
  }

  /**
   * Opens a sealed message in place: its text, phrase and renderings, or {@code undecryptable}
   * with the reason, reported to the hub once.
   */
  private void open(ObjectNode m, String lang) {
    if (!m.path("encrypted").asBoolean()) {
      return;
    }
    try {
      bodies.open(m, party, keyring.get(), lang);
      delivered(m);
    } catch (Envelope.Undecryptable e) {
      m.put("decrypted", false);
      m.put("undecryptable", e.getMessage());
      report(m, e.getMessage());
    }
  }

  /**
   * States, signed, that this node received a message addressed to it: only once it opened, so a
   * delivery is never signed for a body the hub altered (that one is reported instead).
   */
  private void delivered(JsonNode m) {
    for (JsonNode d : m.path("deliveries")) {
      if (d.path("party").asText().equals(party) && d.path("state").asText().equals("sent")) {
        try {
          ChannelsClient.Answer a = hub.delivered(m);
          if (!a.ok()) {
            log.warn("the hub refused the signed delivery of {}: {} {}", m.path("id").asText(), a.status(),
                a.body().path("message").asText());
          }
        } catch (IllegalStateException e) {
          log.warn("not signing the delivery of {}: {}", m.path("id").asText(), e.getMessage());
        }
      }
    }
  }

  private void report(JsonNode m, String reason) {
    String id = m.path("id").asText();
    if (!reported.add(id)) {
      return;
    }
    ChannelsClient.Answer a = hub.undecryptable(m, reason);
    if (a.ok()) {
      log.warn("message {} from {} does not open here, reported to the hub: {}", id, m.path("sender").asText(), reason);
    } else {
      reported.remove(id);
      log.warn("message {} does not open here ({}); the hub refused the report: {} {}", id, reason, a.status(),
          a.body().path("message").asText());
    }
  }

  private static String hubPath(Context ctx) {
    String p = ctx.path().substring(BASE.length());
    return ctx.queryString() == null ? p : p + "?" + ctx.queryString();
  }

  private static void send(Context ctx, ChannelsClient.Answer a) {
    Json.send(ctx, a.status(), a.body());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
