package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.liaison.http.Json;

/**
 * The end-to-end encrypted form of a message body (its text and phrase), which only its
 * recipients can open: the hub stores and relays it without being able to read it.
 *
 * <p>The sender draws a fresh 16-byte content key, encrypts the body (JSON {@code {"text": …,
 * "phrase": {"type": …, "params": …}}}) once with AES-128-GCM under it, and wraps the key for each
 * recipient, the sender included, with HPKE (RFC 9180, base mode, DHKEM(X25519, HKDF-SHA256),
 * HKDF-SHA256, AES-128-GCM). The associated data of both layers binds the {@link Binding}:
 * channel, sender, client message id, priority and the set of parties the key is wrapped for, so
 * a ciphertext moved to another message, or a recipient list the hub changed, no longer opens.
 * The layout is in {@code docs/channels.md}.
 */
public final class Envelope {
  /** The format's name; also the first field of the associated data. */
  public static final String VERSION = "liaison-e2e/1";
  public static final String SUITE = "DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM";
  /** The HPKE info string; separates the key wrap from any other use of the recipient's key. */
  static final byte[] INFO = "liaison-e2e/1 content key".getBytes(StandardCharsets.US_ASCII);
  static final int NONCE_BYTES = 12;
  static final int KEY_BYTES = 16;
  static final int TAG_BYTES = 16;
  /** A body larger than the largest text, a phrase and the JSON around them is refused. */
  public static final int MAX_CIPHERTEXT_BYTES = PostRequest.MAX_TEXT_BYTES + 16 * 1024 + TAG_BYTES;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder();

  private Envelope() {}

  /** What the ciphertext is bound to: the message it belongs to, as the hub relays it. */
  public record Binding(String channelId, String sender, String clientMessageId, String priority) {
    /**
     * The associated data: each field, then each party the key is wrapped for in sorted order, as
     * a 4-byte big-endian length and its UTF-8 bytes.
     */
    byte[] aad(Set<String> parties) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (String f : List.of(VERSION, channelId, sender, clientMessageId, priority)) {
        field(out, f);
      }
      for (String p : new TreeSet<>(parties)) {
        field(out, p);
      }
      return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
      out.writeBytes(b);
    }
  }

  /** A recipient and its X25519 public key (the 32 raw bytes of RFC 7748). */
  public record Recipient(String party, byte[] publicKey) {}

  /** An X25519 key pair as raw bytes. */
  public record KeyPair(byte[] privateKey, byte[] publicKey) {
    /** The key's id in envelopes: base64 of the SHA-256 of the raw public key. */
    public String id() {
      return keyId(publicKey);
    }
  }

  /** The body could not be opened by this recipient; the reason says why. */
  public static final class Undecryptable extends Exception {
    private static final long serialVersionUID = 1L;

    Undecryptable(String reason) {
      super(reason);
    }
  }

  public static KeyPair generate() {
    HPKE hpke = hpke();
    AsymmetricCipherKeyPair kp = hpke.generatePrivateKey();
    return new KeyPair(hpke.serializePrivateKey(kp.getPrivate()), hpke.serializePublicKey(kp.getPublic()));
  }

  public static String keyId(byte[] publicKey) {
    return B64.encodeToString(sha256(publicKey));
  }

  /** Encrypts {@code body} for every recipient (list the sender too, to read one's own messages). */
  public static ObjectNode seal(Binding binding, JsonNode body, List<Recipient> recipients) {
    Set<String> parties = new HashSet<>();
    for (Recipient r : recipients) {
      if (!parties.add(r.party())) {
        throw new IllegalArgumentException("recipient " + r.party() + " is listed twice");
      }
    }
    if (parties.isEmpty()) {
      throw new IllegalArgumentException("a sealed message needs at least one recipient");
    }
    byte[] aad = binding.aad(parties);
    byte[] key = new byte[KEY_BYTES];
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(key);
    RANDOM.nextBytes(nonce);
    byte[] plain;
    try {
      plain = Json.MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("version", VERSION);
    out.put("suite", SUITE);
    out.put("nonce", B64.encodeToString(nonce));
    out.put("ciphertext", B64.encodeToString(gcm(Cipher.ENCRYPT_MODE, key, nonce, aad, plain)));
    ArrayNode keys = out.putArray("keys");
    HPKE hpke = hpke();
    List<Recipient> sorted = new ArrayList<>(recipients);
    sorted.sort(Comparator.comparing(Recipient::party));
    for (Recipient r : sorted) {
      byte[][] sealed;
      try {
        sealed = hpke.seal(hpke.deserializePublicKey(r.publicKey()), INFO, wrapAad(aad, r.party()), key, null, null, null);
      } catch (InvalidCipherTextException | RuntimeException e) {
        throw new IllegalArgumentException("cannot wrap the content key for " + r.party() + ": " + e.getMessage(), e);
      }
      ObjectNode k = keys.addObject();
      k.put("party", r.party());
      k.put("key_id", keyId(r.publicKey()));
      k.put("enc", B64.encodeToString(sealed[1]));
      k.put("wrapped_key", B64.encodeToString(sealed[0]));
    }
    Arrays.fill(key, (byte) 0);
    return out;
  }

  /** Opens {@code sealed} as {@code party} holding {@code keys}; the message body as JSON. */
  public static JsonNode open(Binding binding, JsonNode sealed, String party, KeyPair keys) throws Undecryptable {
    if (sealed == null || !sealed.isObject()) {
      throw new Undecryptable("the message carries no sealed body");
    }
    if (!VERSION.equals(sealed.path("version").asText())) {
      throw new Undecryptable("envelope version " + sealed.path("version") + " is not " + VERSION);
    }
    Set<String> parties = new HashSet<>();
    JsonNode mine = null;
    for (JsonNode k : sealed.path("keys")) {
      parties.add(k.path("party").asText());
      if (party.equals(k.path("party").asText())) {
        mine = k;
      }
    }
    if (mine == null) {
      throw new Undecryptable("the content key is not wrapped for " + party + " (wrapped for " + new TreeSet<>(parties) + ")");
    }
    if (!keys.id().equals(mine.path("key_id").asText())) {
      throw new Undecryptable("the content key is wrapped for key " + mine.path("key_id").asText() + ", but "
          + party + " holds key " + keys.id());
    }
    byte[] aad = binding.aad(parties);
    byte[] key;
    try {
      HPKE hpke = hpke();
      key = hpke.open(b64(mine, "enc"), hpke.deserializePrivateKey(keys.privateKey(), keys.publicKey()), INFO,
          wrapAad(aad, party), b64(mine, "wrapped_key"), null, null, null);
    } catch (InvalidCipherTextException | RuntimeException e) {
      throw new Undecryptable("the content key for " + party
          + " does not open: the wrapped key, or the channel, sender, client message id, priority or recipients it is bound to, was altered");
    }
    byte[] plain;
    try {
      plain = gcm(Cipher.DECRYPT_MODE, key, b64(sealed, "nonce"), aad, b64(sealed, "ciphertext"));
    } catch (IllegalStateException e) {
      throw new Undecryptable("the body does not open: the ciphertext, its nonce, or the message it is bound to was altered");
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    try {
      return Json.MAPPER.readTree(plain);
    } catch (IOException e) {
      throw new Undecryptable("the body opens but is not JSON: " + e.getMessage());
    }
  }

  /** The parties a sealed body's content key is wrapped for, in the order given. */
  static List<String> parties(JsonNode sealed) {
    List<String> out = new ArrayList<>();
    sealed.path("keys").forEach(k -> out.add(k.path("party").asText()));
    return out;
  }

  private static byte[] wrapAad(byte[] aad, String party) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(aad);
    Binding.field(out, party);
    return out.toByteArray();
  }

  private static byte[] b64(JsonNode n, String field) throws Undecryptable {
    try {
      return Base64.getDecoder().decode(n.path(field).asText());
    } catch (IllegalArgumentException e) {
      throw new Undecryptable(field + " is not base64");
    }
  }

  private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] in) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
      c.updateAAD(aad);
      return c.doFinal(in);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("AES-GCM failed: " + e.getMessage(), e);
    }
  }

  private static HPKE hpke() {
    return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
