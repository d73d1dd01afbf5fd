package org.liaison.ledger;

import java.util.Arrays;
import java.util.Base64;

/**
 * A witness's public cosigning key: a key name and a 32-byte Ed25519 key. {@link #vkey()} is the
 * C2SP form {@code <name>+<hex key ID>+<base64(0x04 ‖ key)>}; {@link #parse} also accepts the
 * signed-note form with type 0x01 (what {@link LedgerKey#vkey()} prints), since both hold the same
 * key. The key ID used in cosignature lines is always the cosignature one (type 0x04).
 */
public record WitnessKey(String name, byte[] publicKey) {
  public WitnessKey {
    Ed25519.requireKeyName(name);
    publicKey = Ed25519.requirePublicKey(publicKey).clone();
  }

  /** The public half of a witness's signing key. */
  public static WitnessKey of(LedgerKey key) {
    return new WitnessKey(key.name(), key.publicKey());
  }

  /** Parses a vkey, checking its type byte, length and key ID. */
  public static WitnessKey parse(String vkey) {
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
      material = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("vkey \"" + vkey + "\" has a key that is not base64", e);
    }
    if (material.length != 1 + Ed25519.PUBLIC_KEY_BYTES
        || (material[0] != Ed25519.TYPE_COSIGNATURE && material[0] != Ed25519.TYPE_NOTE)) {
      throw new IllegalArgumentException("vkey \"" + vkey
          + "\" is not an Ed25519 key (type 0x04 or 0x01 followed by 32 bytes)");
    }
    WitnessKey key = new WitnessKey(parts[0], Arrays.copyOfRange(material, 1, material.length));
    String expected = Ed25519.hex(Ed25519.keyId(key.name, material[0], key.publicKey));
    if (!parts[1].equals(expected)) {
      throw new IllegalArgumentException(
          "vkey \"" + vkey + "\" has key ID " + parts[1] + " but its name and key give " + expected);
    }
    return key;
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The 4-byte key ID of this key's cosignature lines. */
  public byte[] keyId() {
    return Cosignature.keyId(name, publicKey);
  }

  /** The C2SP cosignature vkey. */
  public String vkey() {
    byte[] material = new byte[1 + Ed25519.PUBLIC_KEY_BYTES];
    material[0] = Ed25519.TYPE_COSIGNATURE;
    System.arraycopy(publicKey, 0, material, 1, Ed25519.PUBLIC_KEY_BYTES);
    return name + "+" + Ed25519.hex(keyId()) + "+" + Base64.getEncoder().encodeToString(material);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WitnessKey
        && name.equals(((WitnessKey) o).name)
        && Arrays.equals(publicKey, ((WitnessKey) o).publicKey);
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
