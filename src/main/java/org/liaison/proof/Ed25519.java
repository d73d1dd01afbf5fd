package org.liaison.proof;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** JDK Ed25519 plumbing: raw 32-byte public keys, signing, verifying and signed-note key IDs. */
final class Ed25519 {
  static final int PUBLIC_KEY_BYTES = 32;
  static final int SIGNATURE_BYTES = 64;
  /** Signed-note signature types (c2sp.org/signed-note). */
  static final byte TYPE_NOTE = 0x01;
  static final byte TYPE_COSIGNATURE = 0x04;

  // DER of SubjectPublicKeyInfo { AlgorithmIdentifier { 1.3.101.112 }, BIT STRING (33 bytes) }.
  private static final byte[] SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private Ed25519() {}

  static PublicKey publicKey(byte[] raw) {
    requirePublicKey(raw);
    byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + PUBLIC_KEY_BYTES);
    System.arraycopy(raw, 0, der, SPKI_PREFIX.length, PUBLIC_KEY_BYTES);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (InvalidKeySpecException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + hex(raw), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks Ed25519", e);
    }
  }

  static byte[] rawPublicKey(PublicKey key) {
    byte[] der = key.getEncoded();
    if (der.length != SPKI_PREFIX.length + PUBLIC_KEY_BYTES
        || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
      throw new IllegalArgumentException("not an Ed25519 public key (algorithm " + key.getAlgorithm() + ")");
    }
    return Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length);
  }

  /**
   * Signs with Bouncy Castle's RFC 8032 code: the JDK 17 provider's pure-Java Ed25519 costs about
   * a millisecond per signature, which every write's receipt would pay. {@code publicKey} must be
   * the raw public key of {@code key}: given it, Bouncy Castle skips deriving it from the seed, a
   * second scalar multiplication that was half the cost of every signature.
   */
  static byte[] sign(PrivateKey key, byte[] publicKey, byte[] message) {
    byte[] seed = ((java.security.interfaces.EdECPrivateKey) key).getBytes()
        .orElseThrow(() -> new IllegalStateException("Ed25519 private key has no seed"));
    requirePublicKey(publicKey);
    byte[] sig = new byte[SIGNATURE_BYTES];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  /** True when {@code signature} is a valid Ed25519 signature of {@code message}. */
  static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (signature == null || signature.length != SIGNATURE_BYTES) {
      return false;
    }
    requirePublicKey(publicKey);
    try {
      return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
          signature, 0, publicKey, 0, message, 0, message.length);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a usable Ed25519 public key: " + hex(publicKey), e);
    }
  }

  /** SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], the signed-note key ID. */
  static byte[] keyId(String name, byte type, byte[] publicKey) {
    MessageDigest md = Merkle.sha256();
    md.update(name.getBytes(StandardCharsets.UTF_8));
    md.update((byte) '\n');
    md.update(type);
    md.update(publicKey);
    return Arrays.copyOf(md.digest(), 4);
  }

  static byte[] requirePublicKey(byte[] raw) {
    if (raw == null || raw.length != PUBLIC_KEY_BYTES) {
      throw new IllegalArgumentException(
          "Ed25519 public key must be 32 bytes, was " + (raw == null ? "null" : raw.length + " bytes"));
    }
    return raw;
  }

  /** Signed-note key names: non-empty, no Unicode spaces, no '+', and (as in any note) no controls. */
  static String requireKeyName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("key name must be non-empty, was " + (name == null ? "null" : "\"\""));
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '+' || c < 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        throw new IllegalArgumentException(String.format(
            "key name \"%s\" must not contain spaces, '+' or control characters (U+%04X at %d)", name, (int) c, i));
      }
    }
    return name;
  }

  /** The vkey {@code <name>+<hex keyId>+<base64(type ‖ publicKey)>}; the inverse of {@link #parseVkey}. */
  static String formatVkey(String name, byte type, byte[] keyId, byte[] publicKey) {
    byte[] material = new byte[1 + PUBLIC_KEY_BYTES];
    material[0] = type;
    System.arraycopy(publicKey, 0, material, 1, PUBLIC_KEY_BYTES);
    return name + "+" + hex(keyId) + "+" + B64.encode(material);
  }

  /** A parsed vkey {@code <name>+<hex key ID>+<base64(type ‖ key)>}: its name, type byte and key. */
  record Vkey(String name, byte type, byte[] publicKey) {}

  /**
   * Parses a vkey whose type byte is one of {@code types} ({@code typesText} names them for the
   * message), checking its length and key ID. The one parser of {@link VerifierKey} and
   * {@link WitnessKey}.
   */
  static Vkey parseVkey(String vkey, String typesText, byte... types) {
    if (vkey == null) {
      throw new IllegalArgumentException("vkey is missing");
    }
    // The base64 key may itself hold '+', so only the first two separate fields.
    String[] parts = vkey.split("\\+", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("vkey \"" + vkey + "\" is not <name>+<key ID>+<key>");
    }
    byte[] material;
    try {
      material = B64.decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("vkey \"" + vkey + "\" has a key that is not base64", e);
    }
    boolean known = false;
    for (byte t : types) {
      known |= material.length == 1 + PUBLIC_KEY_BYTES && material[0] == t;
    }
    if (!known) {
      throw new IllegalArgumentException(
          "vkey \"" + vkey + "\" is not an Ed25519 key (type " + typesText + " followed by 32 bytes)");
    }
    requireKeyName(parts[0]);
    byte[] key = java.util.Arrays.copyOfRange(material, 1, material.length);
    String expected = hex(keyId(parts[0], material[0], key));
    if (!parts[1].equals(expected)) {
      throw new IllegalArgumentException(
          "vkey \"" + vkey + "\" has key ID " + parts[1] + " but its name and key give " + expected);
    }
    return new Vkey(parts[0], material[0], key);
  }

  static String hex(byte[] bytes) {
    StringBuilder s = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      s.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return s.toString();
  }
}
