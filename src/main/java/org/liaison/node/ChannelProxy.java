package org.liaison.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.liaison.channels.Bodies;
import org.liaison.channels.Envelope;
import org.liaison.client.ChannelsClient;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;
import org.liaison.keys.PartyKeys;
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
    Bodies.Draft d = bodies.draft(body);
    List<String> parties = new ArrayList<>();
    parties.add(party);
    if (body.has("to") && body.get("to").isArray() && !body.get("to").isEmpty()) {
      body.get("to").forEach(p -> parties.add(p.asText()));
    } else {
      ch.body().path("members").forEach(m -> {
        if (!m.path("party").asText().equals(party)) {
          parties.add(m.path("party").asText());
        }
      });
    }
    List<Envelope.Recipient> recipients = new ArrayList<>();
    for (String p : parties) {
      recipients.add(new Envelope.Recipient(p, encryptionKey(p)));
    }
    ObjectNode sealedPost = d.rest();
    sealedPost.set("sealed", Envelope.seal(new Envelope.Binding(channel, party, d.clientMessageId(), d.priority()),
        d.body(), recipients));
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
    Envelope.Binding b = new Envelope.Binding(m.path("channel_id").asText(), m.path("sender").asText(),
        m.path("client_message_id").asText(), m.path("priority").asText());
    try {
      JsonNode body = Envelope.open(b, m.get("sealed"), party, keyFor(m.get("sealed")));
      bodies.show(m, body, lang != null ? lang : language(m));
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

  /** The party's key the body is wrapped for if this node holds it, else the current one. */
  private Envelope.KeyPair keyFor(JsonNode sealed) {
    List<Envelope.KeyPair> ring = keyring.get();
    for (JsonNode k : sealed.path("keys")) {
      if (k.path("party").asText().equals(party)) {
        for (Envelope.KeyPair p : ring) {
          if (p.id().equals(k.path("key_id").asText())) {
            return p;
          }
        }
      }
    }
    return ring.get(0);
  }

  /** The party's encryption keys in {@code dir}: {@code current} first, then each retired one. */
  static List<Envelope.KeyPair> keyring(Path dir, String party, PartyKeys current) {
    List<Envelope.KeyPair> out = new ArrayList<>();
    out.add(pair(current));
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "party-keys.*.retired.json")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        String id = name.substring("party-keys.".length(), name.length() - ".retired.json".length());
        try {
          out.add(pair(PartyKeys.retired(dir, party, id)));
        } catch (IOException e) {
          log.warn("retired key file {} is unreadable, skipped: {}", f, e.getMessage());
        }
      }
    } catch (IOException e) {
      log.warn("cannot list retired keys in {}: {}", dir, e.getMessage());
    }
    return out;
  }

  private static Envelope.KeyPair pair(PartyKeys k) {
    return new Envelope.KeyPair(k.x25519Private().getEncoded(), k.publicKeys().x25519());
  }

  /** The language the hub renders this party's messages in, from its delivery; else the sender's. */
  private String language(JsonNode m) {
    for (JsonNode d : m.path("deliveries")) {
      if (d.path("party").asText().equals(party)) {
        return d.path("language").asText(null);
      }
    }
    return m.path("deliveries").path(0).path("language").asText(null);
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
