package org.liaison.ledger;

import java.util.Arrays;
import java.util.Base64;

/**
 * A trusted signed-note Ed25519 key (signature type 0x01): a key name and its 32-byte public key.
 * {@link #toString()} is the vkey form {@code <name>+<hex key ID>+<base64(0x01 ‖ key)>}, and
 * {@link #parse} reads it back, checking the key ID.
 */
public record VerifierKey(String name, byte[] publicKey) {
  public VerifierKey {
    Ed25519.requireKeyName(name);
    publicKey = Ed25519.requirePublicKey(publicKey).clone();
  }

  /** Parses a vkey string, rejecting a wrong type byte, length or key ID. */
  public static VerifierKey parse(String vkey) {
    int first = vkey.indexOf('+');
    int second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
    if (second < 0) {
      throw new IllegalArgumentException("vkey \"" + vkey + "\" is not <name>+<key ID>+<key>");
    }
    String name = vkey.substring(0, first);
    String id = vkey.substring(first + 1, second);
    byte[] material;
    try {
      material = Base64.getDecoder().decode(vkey.substring(second + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("vkey \"" + vkey + "\" has a key that is not base64", e);
    }
    if (material.length != 1 + Ed25519.PUBLIC_KEY_BYTES || material[0] != Ed25519.TYPE_NOTE) {
      throw new IllegalArgumentException(
          "vkey \"" + vkey + "\" is not an Ed25519 key (type 0x01 followed by 32 bytes)");
    }
    VerifierKey key = new VerifierKey(name, Arrays.copyOfRange(material, 1, material.length));
    if (!id.equals(Ed25519.hex(key.keyId()))) {
      throw new IllegalArgumentException(
          "vkey \"" + vkey + "\" has key ID " + id + " but its name and key give " + Ed25519.hex(key.keyId()));
    }
    return key;
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The 4-byte signed-note key ID. */
  public byte[] keyId() {
    return Ed25519.keyId(name, Ed25519.TYPE_NOTE, publicKey);
  }

  /** The vkey string. */
  public String vkey() {
    byte[] material = new byte[1 + Ed25519.PUBLIC_KEY_BYTES];
    material[0] = Ed25519.TYPE_NOTE;
    System.arraycopy(publicKey, 0, material, 1, Ed25519.PUBLIC_KEY_BYTES);
    return name + "+" + Ed25519.hex(keyId()) + "+" + Base64.getEncoder().encodeToString(material);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifierKey
        && name.equals(((VerifierKey) o).name)
        && Arrays.equals(publicKey, ((VerifierKey) o).publicKey);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return vkey();
  }
}
