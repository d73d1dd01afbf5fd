package org.liaison.proof;

import java.util.Arrays;

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
    Ed25519.Vkey v = Ed25519.parseVkey(vkey, "0x01", Ed25519.TYPE_NOTE);
    return new VerifierKey(v.name(), v.publicKey());
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
    return Ed25519.formatVkey(name, Ed25519.TYPE_NOTE, keyId(), publicKey);
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
