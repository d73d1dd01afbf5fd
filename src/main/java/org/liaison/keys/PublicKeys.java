package org.liaison.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The public halves of one party key: the Ed25519 key that verifies the party's statements and
 * the X25519 key that messages to the party are encrypted for, each 32 raw bytes. {@code keyId}
 * is the first 8 bytes, in hex, of SHA-256(ed25519 ‖ x25519): one id names the pair.
 */
public record PublicKeys(String party, byte[] ed25519, byte[] x25519) {
  public static final int KEY_BYTES = 32;

  public PublicKeys {
    if (party == null || party.isEmpty()) {
      throw new IllegalArgumentException("party must be non-empty");
    }
    ed25519 = check(ed25519, "ed25519");
    x25519 = check(x25519, "x25519");
  }

  /** Parses the base64 forms, naming the field at fault. */
  public static PublicKeys fromBase64(String party, String ed25519, String x25519) {
    return new PublicKeys(party, decode(ed25519, "ed25519"), decode(x25519, "x25519"));
  }

  public String keyId() {
    return keyId(ed25519, x25519);
  }

  static String keyId(byte[] ed25519, byte[] x25519) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(ed25519);
      md.update(x25519);
      return HexFormat.of().formatHex(Arrays.copyOf(md.digest(), 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  public String ed25519Base64() {
    return Base64.getEncoder().encodeToString(ed25519);
  }

  public String x25519Base64() {
    return Base64.getEncoder().encodeToString(x25519);
  }

  @Override
  public byte[] ed25519() {
    return ed25519.clone();
  }

  @Override
  public byte[] x25519() {
    return x25519.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKeys k && k.party.equals(party) && Arrays.equals(k.ed25519, ed25519)
        && Arrays.equals(k.x25519, x25519);
  }

  @Override
  public int hashCode() {
    return party.hashCode() * 31 + Arrays.hashCode(ed25519);
  }

  @Override
  public String toString() {
    return "PublicKeys[" + party + " " + keyId() + "]";
  }

  private static byte[] check(byte[] key, String field) {
    if (key == null || key.length != KEY_BYTES) {
      throw new IllegalArgumentException(field + " must be " + KEY_BYTES + " bytes, was "
          + (key == null ? "missing" : key.length + " bytes"));
    }
    return key.clone();
  }

  private static byte[] decode(String b64, String field) {
    if (b64 == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " \"" + (b64.length() > 60 ? b64.substring(0, 60) + "…" : b64)
          + "\" is not base64", e);
    }
  }
}
