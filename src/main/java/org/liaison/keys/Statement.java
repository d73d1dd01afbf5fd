package org.liaison.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.liaison.proof.Canonical;

/**
 * One statement a party signs: a JSON object naming its {@code type}, the {@code party}, the
 * {@code time} the party states, the {@code key_id} it signs with, and the fields of its type
 * (for messages: {@code channel_id} and {@code message_sha256}).
 *
 * <p>The signed bytes are {@code context ‖ 0x00 ‖ JCS(statement)}, where {@code context} is
 * {@code "liaison/statement/v1/" + type}: a verifier builds the context from the type it
 * expects, not from the statement, so a signature made for one type never verifies as another.
 * The signature is plain Ed25519 (RFC 8032) over those bytes.
 */
public record Statement(Type type, ObjectNode body) {
  public static final String CONTEXT_PREFIX = "liaison/statement/v1/";

  /** The kinds of statement; the wire name is what {@code type} holds. */
  public enum Type {
    KEYS_PUBLISH("keys.publish"),
    KEYS_REVOKE("keys.revoke"),
    MESSAGE_POST("message.post"),
    MESSAGE_DELIVERED("message.delivered"),
    MESSAGE_READ("message.read"),
    MESSAGE_ACK("message.ack"),
    MESSAGE_UNDECRYPTABLE("message.undecryptable"),
    /** A member's consent that a channel carries plain text: it names {@code channel_id}. */
    CHANNEL_PLAIN("channel.plain"),
    ASTM_WRITE("astm.write"),
    /**
     * A party's proposal, acceptance, amendment or withdrawal of an agreement: each names
     * {@code agreement_id}, {@code version} and {@code document_sha256}.
     */
    AGREEMENT_PROPOSE("agreement.propose"),
    AGREEMENT_ACCEPT("agreement.accept"),
    AGREEMENT_AMEND("agreement.amend"),
    AGREEMENT_WITHDRAW("agreement.withdraw");

    public final String wire;

    Type(String wire) {
      this.wire = wire;
    }

    public String context() {
      return CONTEXT_PREFIX + wire;
    }

    public static Type parse(String wire) {
      for (Type t : values()) {
        if (t.wire.equals(wire)) {
          return t;
        }
      }
      throw new IllegalArgumentException("statement type \"" + wire + "\" is not one of "
          + Arrays.stream(values()).map(t -> t.wire).toList());
    }
  }

  public Statement {
    if (!type.wire.equals(body.path("type").asText(null))) {
      throw new IllegalArgumentException("statement type " + body.path("type") + " is not " + type.wire);
    }
  }

  /** A statement of {@code type} by {@code party} at {@code time} with key {@code keyId}; add fields to body(). */
  public static Statement of(Type type, String party, Instant time, String keyId) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("type", type.wire).put("party", party).put("time", time(time)).put("key_id", keyId);
    return new Statement(type, n);
  }

  /** The statement rebuilt from a stored or received JSON object whose {@code type} must be {@code type}. */
  public static Statement parse(Type type, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("statement must be a JSON object");
    }
    return new Statement(type, body.deepCopy());
  }

  public String party() {
    return body.path("party").asText();
  }

  public String keyId() {
    return body.path("key_id").asText();
  }

  public String time() {
    return body.path("time").asText();
  }

  /** {@code context ‖ 0x00 ‖ JCS(body)}. */
  public byte[] signedBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes(type.context().getBytes(StandardCharsets.UTF_8));
    out.write(0);
    out.writeBytes(Canonical.canonicalize(body));
    return out.toByteArray();
  }

  /** The base64 Ed25519 signature of this statement by {@code keys}, which must be the key it names. */
  public String sign(PartyKeys keys) {
    if (!keys.keyId().equals(keyId())) {
      throw new IllegalArgumentException("statement names key " + keyId() + " but is signed with " + keys.keyId());
    }
    return Base64.getEncoder().encodeToString(keys.sign(signedBytes()));
  }

  /** True when {@code signature} (base64) is the Ed25519 signature of this statement by {@code ed25519}. */
  public boolean verify(byte[] ed25519, String signature) {
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
    if (sig.length != Ed25519.SIGNATURE_SIZE || ed25519.length != Ed25519.PUBLIC_KEY_SIZE) {
      return false;
    }
    byte[] m = signedBytes();
    try {
      return Ed25519.verify(sig, 0, ed25519, 0, m, 0, m.length);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Hex SHA-256 of the canonical form of {@code content}: what {@code message_sha256} names. */
  public static String contentSha256(JsonNode content) {
    return sha256Hex(Canonical.canonicalize(content));
  }

  /** Hex SHA-256 of the UTF-8 of {@code text} (a reply's hash). */
  public static String sha256Hex(String text) {
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** RFC 3339 UTC to the millisecond, the form statements state times in. */
  public static String time(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }
}
