package org.liaison.proof;

import java.util.Arrays;

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
    Ed25519.Vkey v = Ed25519.parseVkey(vkey, "0x04 or 0x01", Ed25519.TYPE_COSIGNATURE, Ed25519.TYPE_NOTE);
    return new WitnessKey(v.name(), v.publicKey());
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
    return Ed25519.formatVkey(name, Ed25519.TYPE_COSIGNATURE, keyId(), publicKey);
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
