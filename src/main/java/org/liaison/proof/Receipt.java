package org.liaison.proof;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The hub's signed acknowledgement that it recorded an entry: {@code leaf_hash} (base64), {@code
 * index} (null until sequenced), {@code time} (RFC 3339), {@code key_name}, {@code form} and
 * {@code signature} (base64 Ed25519).
 *
 * <p>Receipts of form {@value #FORM_V2} sign {@code "liaison/receipt/v2" ‖ 0x00 ‖
 * JCS({"form", "origin", "key_id", "leaf_hash", "time"})}: the log's origin (the key name), the
 * signed-note key ID of the key, the leaf hash and the time, under a context string of their own,
 * so a receipt signature can never be taken for a checkpoint's, a cosignature's or anything else
 * the key signs. {@code index} is not signed (on PostgreSQL it is not known when the receipt is
 * made); an inclusion proof against a signed checkpoint proves it. Receipts without {@code form}
 * (made before it existed) signed the 32 raw leaf-hash bytes alone, and still verify as such.
 */
@JsonPropertyOrder({"leaf_hash", "index", "time", "key_name", "form", "signature"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Receipt(
    @JsonProperty("leaf_hash") String leafHash,
    @JsonProperty("index") @JsonInclude(JsonInclude.Include.ALWAYS) Long index,
    @JsonProperty("time") String time,
    @JsonProperty("key_name") String keyName,
    @JsonProperty("form") String form,
    @JsonProperty("signature") String signature) {
  /** The form of receipts signed now. */
  public static final String FORM_V2 = "liaison-receipt/v2";
  /** The context string that prefixes what a {@value #FORM_V2} receipt signs. */
  public static final String CONTEXT_V2 = "liaison/receipt/v2";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  public Receipt {
    if (decode("leaf_hash", leafHash).length != Merkle.HASH_BYTES) {
      throw new IllegalArgumentException("receipt leaf_hash \"" + leafHash + "\" is not 32 bytes");
    }
    if (index != null && index < 0) {
      throw new IllegalArgumentException("receipt index must not be negative, was " + index);
    }
    if (time == null) {
      throw new IllegalArgumentException("receipt time is missing");
    }
    try {
      if (UtcTime.plain(time) == null) { // the shape the hub writes is checked without the JDK's parser
        OffsetDateTime.parse(time, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      }
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("receipt time \"" + time + "\" is not an RFC 3339 date-time", e);
    }
    if (keyName == null) {
      throw new IllegalArgumentException("receipt key_name is missing");
    }
    Ed25519.requireKeyName(keyName);
    if (form != null && !form.equals(FORM_V2)) {
      throw new IllegalArgumentException("receipt form \"" + form + "\" is not " + FORM_V2);
    }
    if (decode("signature", signature).length != Ed25519.SIGNATURE_BYTES) {
      throw new IllegalArgumentException("receipt signature \"" + signature + "\" is not 64 bytes");
    }
  }

  /** Signs {@code leafHash} with {@code key} in form {@value #FORM_V2}; {@code index} may be null if not yet sequenced. */
  public static Receipt sign(byte[] leafHash, Long index, Instant time, LedgerKey key) {
    Merkle.requireHash(leafHash, "leaf hash");
    String t = DateTimeFormatter.ISO_INSTANT.format(time);
    String leaf = B64.encode(leafHash);
    byte[] message = signedBytes(key.name(), key.publicKey(), leaf, t);
    return new Receipt(leaf, index, t, key.name(), FORM_V2, B64.encode(key.sign(message)));
  }

  /**
   * True if {@code signature} is {@code publicKey32}'s signature of this receipt: of its signed
   * form for {@value #FORM_V2}, of the bare leaf hash for a receipt without {@code form}.
   */
  public boolean verify(byte[] publicKey32) {
    byte[] message = form == null ? leafHashBytes() : signedBytes(keyName, publicKey32, leafHash, time);
    return Ed25519.verify(publicKey32, message, B64.decode(signature));
  }

  /** What a {@value #FORM_V2} receipt signs; see the class description. */
  static byte[] signedBytes(String origin, byte[] publicKey32, String leafHashBase64, String time) {
    java.util.Map<String, Object> covered = new java.util.LinkedHashMap<>();
    covered.put("form", FORM_V2);
    covered.put("origin", origin);
    covered.put("key_id", Ed25519.hex(Ed25519.keyId(origin, Ed25519.TYPE_NOTE, publicKey32)));
    covered.put("leaf_hash", leafHashBase64);
    covered.put("time", time);
    byte[] json = Canonical.canonicalize(covered);
    byte[] context = CONTEXT_V2.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[context.length + 1 + json.length];
    System.arraycopy(context, 0, out, 0, context.length);
    System.arraycopy(json, 0, out, context.length + 1, json.length);
    return out;
  }

  /** The 32 raw bytes of {@code leaf_hash}. */
  public byte[] leafHashBytes() {
    return B64.decode(leafHash);
  }

  /** This receipt with {@code index} set, the signature unchanged (the index is not signed). */
  public Receipt withIndex(long sequencedIndex) {
    return new Receipt(leafHash, sequencedIndex, time, keyName, form, signature);
  }

  /** {@code {"leaf_hash":…,"index":…,"time":…,"key_name":…,"form":…,"signature":…}} ({@code form} only when set). */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a receipt always serializes", e);
    }
  }

  /** Reads {@link #toJson()} output; unknown or missing fields and bad values are rejected. */
  public static Receipt fromJson(String json) {
    try {
      return JSON.readValue(json, Receipt.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      throw new IllegalArgumentException("malformed receipt JSON: " + cause.getMessage(), e);
    }
  }

  /** The JSON as base64url without padding, for an HTTP header. */
  public String toHeaderValue() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(toJson().getBytes(StandardCharsets.UTF_8));
  }

  /** Reads {@link #toHeaderValue()} output. */
  public static Receipt fromHeaderValue(String header) {
    byte[] json;
    try {
      json = Base64.getUrlDecoder().decode(header);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("receipt header \"" + header + "\" is not base64url", e);
    }
    return fromJson(new String(json, StandardCharsets.UTF_8));
  }

  private static byte[] decode(String field, String value) {
    if (value == null) {
      throw new IllegalArgumentException("receipt " + field + " is missing");
    }
    try {
      return B64.decode(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("receipt " + field + " \"" + value + "\" is not base64", e);
    }
  }
}
