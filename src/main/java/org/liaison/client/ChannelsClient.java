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
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Optional;
import org.liaison.http.Json;
import org.liaison.http.JsonHttp;
import org.liaison.keys.PartyKeys;
import org.liaison.keys.PublicKeys;
import org.liaison.keys.Statement;

/**
 * The hub's channel API ({@code /liaison/v1/parties}, {@code channels}, messages), for one party.
 *
 * <p>Given the party's keys ({@link #signingWith}), it signs every statement it makes: posts,
 * deliveries, reads and acknowledgements, each over the message's SHA-256, which it first checks
 * against the content the hub served, so it never signs for something the hub altered.
 */
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
  private final PartyKeys keys;
  private final Clock clock;

  public ChannelsClient(URI hub, TokenProvider tokens) {
    this(hub, tokens, Duration.ofSeconds(30));
  }

  /** A client whose calls wait up to {@code timeout} for an answer. */
  public ChannelsClient(URI hub, TokenProvider tokens, Duration timeout) {
    this(hub, tokens, timeout, null, Clock.systemUTC());
  }

  private ChannelsClient(URI hub, TokenProvider tokens, Duration timeout, PartyKeys keys, Clock clock) {
    String s = hub.toString();
    this.base = (s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/liaison/v1";
    this.tokens = tokens;
    this.rest = new Rest(JsonHttp.shared(), tokens);
    this.timeout = timeout;
    this.keys = keys;
    this.clock = clock;
  }

  /** This client, signing every statement with {@code keys} at times from {@code clock}. */
  public ChannelsClient signingWith(PartyKeys keys, Clock clock) {
    return new ChannelsClient(URI.create(base.substring(0, base.length() - "/liaison/v1".length())), tokens, timeout,
        keys, clock);
  }

  /** {@code party}'s keys as the hub serves them: {@code {"party", "current", "keys"}}. */
  public Answer keys(String party) {
    return call("GET", "/parties/" + enc(party) + "/keys", null);
  }

  /**
   * {@code party}'s current public keys (its X25519 key is what messages to it are sealed for),
   * or empty if it has none. A key whose id does not match its halves is refused.
   */
  public Optional<PublicKeys> currentKeys(String party) {
    Answer a = keys(party);
    if (!a.ok()) {
      throw new ServiceException(a.status(), "GET", URI.create(base + "/parties/" + enc(party) + "/keys"),
          a.body().path("message").asText(a.body().toString()), null);
    }
    JsonNode cur = a.body().get("current");
    if (cur == null || cur.isNull()) {
      return Optional.empty();
    }
    PublicKeys k = PublicKeys.fromBase64(party, cur.path("ed25519").asText(null), cur.path("x25519").asText(null));
    if (!k.keyId().equals(cur.path("key_id").asText())) {
      throw new IllegalStateException("the hub serves key " + cur.path("key_id").asText() + " for " + party
          + " but its halves have id " + k.keyId());
    }
    return Optional.of(k);
  }

  /**
   * Publishes this client's keys as its party's current keys, replacing (rotating) {@code
   * previousKeyId}, null for a first key. 201 when published, 200 when they already were.
   */
  public Answer publishKeys(String previousKeyId) {
    PartyKeys k = requireKeys();
    return call("PUT", "/parties/" + enc(k.party()) + "/keys", k.publication(now(), previousKeyId).json());
  }

  /** Publishes this client's keys unless they are already current, rotating whatever key is. */
  public Answer ensurePublished() {
    PartyKeys k = requireKeys();
    Answer a = keys(k.party());
    if (!a.ok()) {
      return a;
    }
    JsonNode cur = a.body().get("current");
    String current = cur == null || cur.isNull() ? null : cur.path("key_id").asText();
    return k.keyId().equals(current) ? new Answer(200, cur) : publishKeys(current);
  }

  /** Revokes {@code revoked}, signing with it. */
  public Answer revokeKeys(PartyKeys revoked, String reason) {
    return call("POST", "/parties/" + enc(revoked.party()) + "/keys/" + enc(revoked.keyId()) + "/revoke",
        revoked.revocation(now(), reason).json());
  }

  public Answer call(String method, String path, JsonNode body) {
    Rest.Reply r = rest.call(method, URI.create(base + path), body, timeout);
    return new Answer(r.status(), r.body() == null || r.body().isBlank() ? NullNode.getInstance() : r.json());
  }

  /**
   * The agreement versions in force that this client's party is party to ({@code GET
   * /liaison/v1/agreements/in-force}), each reduced to what a node applies.
   */
  public java.util.List<AgreementInForce> agreementsInForce() {
    Answer a = call("GET", "/agreements/in-force", null);
    if (!a.ok()) {
      throw new ServiceException(a.status(), "GET", URI.create(base + "/agreements/in-force"),
          a.body().path("message").asText(a.body().toString()), null);
    }
    java.util.List<AgreementInForce> out = new java.util.ArrayList<>();
    for (JsonNode n : a.body().path("agreements")) {
      out.add(AgreementInForce.fromJson(n));
    }
    return out;
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

  /**
   * Consents, as a member, that channel {@code channel} (named by its id) carries plain text: with
   * keys, a signed {@code channel.plain} statement; without, a hub-attested consent.
   */
  public Answer consentPlain(String channel) {
    JsonNode body = null;
    if (keys != null) {
      ObjectNode b = Json.MAPPER.createObjectNode();
      b.set("signature", signature(Statement.Type.CHANNEL_PLAIN, Json.MAPPER.createObjectNode().put("channel_id", channel)));
      body = b;
    }
    return call("POST", "/channels/" + enc(channel) + "/plain-consent", body);
  }

  /** Posts {@code message}; with keys, signed (the channel must then be named by its id). */
  public Answer post(String channel, JsonNode message) {
    JsonNode body = message;
    if (keys != null) {
      ObjectNode content = ((ObjectNode) message).deepCopy();
      content.remove("signature");
      ObjectNode signed = content.deepCopy();
      signed.set("signature", signature(Statement.Type.MESSAGE_POST, Json.MAPPER.createObjectNode()
          .put("channel_id", channel).put("message_sha256", Statement.contentSha256(content))));
      body = signed;
    }
    return call("POST", "/channels/" + enc(channel) + "/messages", body);
  }

  /**
   * States, signed, that this party's node received {@code message} (as the hub served it). Fails
   * if its content does not hash to the {@code message_sha256} it claims.
   */
  public Answer delivered(JsonNode message) {
    return call("POST", messagePath(message) + "/delivered", signedBody(Statement.Type.MESSAGE_DELIVERED, message, null));
  }

  /** Fetching a message marks it delivered to the caller. */
  public Answer message(String channel, String id) {
    return call("GET", "/channels/" + enc(channel) + "/messages/" + enc(id), null);
  }

  /** Marks a message read; with keys, fetches it first to sign over its hash. */
  public Answer read(String channel, String id) {
    if (keys == null) {
      return call("POST", "/channels/" + enc(channel) + "/messages/" + enc(id) + "/read", null);
    }
    Answer m = message(channel, id);
    return m.ok() ? call("POST", messagePath(m.body()) + "/read", signedBody(Statement.Type.MESSAGE_READ, m.body(), null))
        : m;
  }

  /** Acknowledges a message ({@code reply} is null or {@code {"reply": …}}); with keys, signed. */
  public Answer ack(String channel, String id, JsonNode reply) {
    if (keys == null) {
      return call("POST", "/channels/" + enc(channel) + "/messages/" + enc(id) + "/ack", reply);
    }
    Answer m = message(channel, id);
    if (!m.ok()) {
      return m;
    }
    String text = reply == null || reply.path("reply").isNull() ? null : reply.path("reply").asText(null);
    ObjectNode body = signedBody(Statement.Type.MESSAGE_ACK, m.body(), text);
    if (text != null) {
      body.put("reply", text);
    }
    return call("POST", messagePath(m.body()) + "/ack", body);
  }

  private String messagePath(JsonNode message) {
    return "/channels/" + enc(message.path("channel_id").asText()) + "/messages/" + enc(message.path("id").asText());
  }

  /**
   * Reports that this party's node could not open the sealed {@code message} (as the hub served
   * it) for {@code reason}; with keys, signed over the hash of the sealed body it received.
   */
  public Answer undecryptable(JsonNode message, String reason) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("reason", reason);
    if (keys != null) {
      body.set("signature", signature(Statement.Type.MESSAGE_UNDECRYPTABLE, undecryptableFields(message, reason)));
    }
    return call("POST", messagePath(message) + "/undecryptable", body);
  }

  /** What a signed undecryptable report names: the message, the sealed body received, the reason. */
  public static ObjectNode undecryptableFields(JsonNode message, String reason) {
    return Json.MAPPER.createObjectNode().put("channel_id", message.path("channel_id").asText())
        .put("message_id", message.path("id").asText())
        .put("sealed_sha256", Statement.contentSha256(message.get("sealed")))
        .put("reason_sha256", Statement.sha256Hex(reason));
  }

  private ObjectNode signedBody(Statement.Type type, JsonNode message, String reply) {
    String claimed = message.path("message_sha256").asText(null);
    JsonNode content = message.get("content");
    if (claimed != null && content != null && !content.isNull() && !Statement.contentSha256(content).equals(claimed)) {
      throw new IllegalStateException("message " + message.path("id").asText() + ": its content hashes to "
          + Statement.contentSha256(content) + " but the hub says " + claimed + "; not signing for an altered message");
    }
    ObjectNode fields = Json.MAPPER.createObjectNode().put("channel_id", message.path("channel_id").asText())
        .put("message_id", message.path("id").asText()).put("message_sha256", claimed);
    if (type == Statement.Type.MESSAGE_ACK) {
      fields.put("reply_sha256", reply == null ? null : Statement.sha256Hex(reply));
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.set("signature", signature(type, fields));
    return body;
  }

  /**
   * The SHA-256 (hex) an agreement statement names: of the document as the hub stores it, its
   * compact JSON with the fields in the order given (what {@code versions[].document_sha256} shows).
   */
  public static String agreementSha256(JsonNode doc) {
    try {
      return Statement.sha256Hex(Json.MAPPER.writeValueAsString(doc));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** True when this client signs its statements (it was given party keys). */
  public boolean signs() {
    return keys != null;
  }

  /**
   * The body proposing agreement {@code doc}: the document itself without keys; with keys
   * {@code {"id", "document", "signature"}}, naming a new agreement id chosen here.
   */
  public JsonNode agreementProposal(JsonNode doc) {
    if (keys == null) {
      return doc;
    }
    String id = java.util.UUID.randomUUID().toString();
    ObjectNode b = Json.MAPPER.createObjectNode().put("id", id);
    b.set("document", doc);
    b.set("signature", signature(Statement.Type.AGREEMENT_PROPOSE, agreementFields(id, 1, agreementSha256(doc))));
    return b;
  }

  /** The body amending agreement {@code id}, whose latest version is {@code latest}, to {@code doc}. */
  public JsonNode agreementAmendment(String id, int latest, JsonNode doc) {
    if (keys == null) {
      return doc;
    }
    ObjectNode b = Json.MAPPER.createObjectNode();
    b.set("document", doc);
    b.set("signature", signature(Statement.Type.AGREEMENT_AMEND, agreementFields(id, latest + 1, agreementSha256(doc))));
    return b;
  }

  /** The body accepting {@code version} of agreement {@code id}, whose document hashes to {@code sha256}. */
  public ObjectNode agreementAcceptance(String id, int version, String sha256) {
    ObjectNode b = Json.MAPPER.createObjectNode().put("version", version);
    if (keys != null) {
      b.set("signature", signature(Statement.Type.AGREEMENT_ACCEPT, agreementFields(id, version, sha256)));
    }
    return b;
  }

  /** The body withdrawing from agreement {@code id}, whose latest version {@code version} hashes to {@code sha256}. */
  public ObjectNode agreementWithdrawal(String id, int version, String sha256) {
    ObjectNode b = Json.MAPPER.createObjectNode();
    if (keys != null) {
      b.set("signature", signature(Statement.Type.AGREEMENT_WITHDRAW, agreementFields(id, version, sha256)));
    }
    return b;
  }

  private static ObjectNode agreementFields(String id, int version, String sha256) {
    return Json.MAPPER.createObjectNode().put("agreement_id", id).put("version", version)
        .put("document_sha256", sha256);
  }

  private ObjectNode signature(Statement.Type type, ObjectNode fields) {
    PartyKeys k = requireKeys();
    Statement s = Statement.of(type, k.party(), now(), k.keyId());
    s.body().setAll(fields);
    return Json.MAPPER.createObjectNode().put("key_id", k.keyId()).put("time", s.time()).put("value", s.sign(k));
  }

  private PartyKeys requireKeys() {
    if (keys == null) {
      throw new IllegalStateException("this client has no party keys; use signingWith(keys, clock)");
    }
    return keys;
  }

  private java.time.Instant now() {
    return clock.instant();
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
