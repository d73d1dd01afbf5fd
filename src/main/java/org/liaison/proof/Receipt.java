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
 * index} (null until sequenced), {@code time} (RFC 3339), {@code key_name} and {@code signature}
 * (base64 Ed25519 over the 32 raw leaf-hash bytes).
 *
 * <p>Only the leaf hash is signed. The entry it hashes carries the party and the time; {@code
 * index} is proven by an inclusion proof against a signed checkpoint, not by this signature.
 */
@JsonPropertyOrder({"leaf_hash", "index", "time", "key_name", "signature"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Receipt(
    @JsonProperty("leaf_hash") String leafHash,
    @JsonProperty("index") Long index,
    @JsonProperty("time") String time,
    @JsonProperty("key_name") String keyName,
    @JsonProperty("signature") String signature) {

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
      OffsetDateTime.parse(time, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("receipt time \"" + time + "\" is not an RFC 3339 date-time", e);
    }
    if (keyName == null) {
      throw new IllegalArgumentException("receipt key_name is missing");
    }
    Ed25519.requireKeyName(keyName);
    if (decode("signature", signature).length != Ed25519.SIGNATURE_BYTES) {
      throw new IllegalArgumentException("receipt signature \"" + signature + "\" is not 64 bytes");
    }
  }

  /** Signs {@code leafHash} with {@code key}; {@code index} may be null if not yet sequenced. */
  public static Receipt sign(byte[] leafHash, Long index, Instant time, LedgerKey key) {
    Merkle.requireHash(leafHash, "leaf hash");
    return new Receipt(B64.encode(leafHash), index, DateTimeFormatter.ISO_INSTANT.format(time),
        key.name(), B64.encode(key.sign(leafHash)));
  }

  /** True if {@code signature} is the Ed25519 signature of the leaf hash by {@code publicKey32}. */
  public boolean verify(byte[] publicKey32) {
    return Ed25519.verify(publicKey32, leafHashBytes(), B64.decode(signature));
  }

  /** The 32 raw bytes of {@code leaf_hash}. */
  public byte[] leafHashBytes() {
    return B64.decode(leafHash);
  }

  /** This receipt with {@code index} set, the signature unchanged (the index is not signed). */
  public Receipt withIndex(long sequencedIndex) {
    return new Receipt(leafHash, sequencedIndex, time, keyName, signature);
  }

  /** {@code {"leaf_hash":…,"index":…,"time":…,"key_name":…,"signature":…}}. */
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
