package org.liaison.proof;

import static org.liaison.proof.VerificationException.Reason.BAD_SIGNATURE;
import static org.liaison.proof.VerificationException.Reason.MALFORMED;
import static org.liaison.proof.VerificationException.Reason.UNTRUSTED;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A witness's C2SP {@code tlog-cosignature} (cosignature/v1, Ed25519, signature type 0x04) on a
 * checkpoint: "as of {@code timestamp}, this is the largest consistent tree I have seen for this
 * origin". It travels as one more signature line on the checkpoint note, {@link #signatureLine()},
 * carrying key ID ‖ 8-byte big-endian timestamp ‖ 64-byte signature.
 */
public record Cosignature(String name, byte[] keyId, long timestamp, byte[] signature) {
  private static final int BLOB_BYTES = 4 + 8 + Ed25519.SIGNATURE_BYTES;

  public Cosignature {
    Ed25519.requireKeyName(name);
    if (keyId == null || keyId.length != 4) {
      throw new IllegalArgumentException("cosignature key ID must be 4 bytes, was " + Arrays.toString(keyId));
    }
    if (timestamp < 0) {
      throw new IllegalArgumentException("cosignature timestamp must not be negative, was " + timestamp);
    }
    if (signature == null || signature.length != Ed25519.SIGNATURE_BYTES) {
      throw new IllegalArgumentException("cosignature must be 64 bytes, was "
          + (signature == null ? "null" : signature.length + " bytes"));
    }
    keyId = keyId.clone();
    signature = signature.clone();
  }

  /** Cosigns {@code checkpoint} at {@code timestamp} (POSIX seconds) with {@code witness}. */
  public static Cosignature sign(Checkpoint checkpoint, LedgerKey witness, long timestamp) {
    if (timestamp < 0) {
      throw new IllegalArgumentException("cosignature timestamp must not be negative, was " + timestamp);
    }
    byte[] signature = witness.sign(message(checkpoint.toBody(), timestamp));
    return new Cosignature(witness.name(), keyId(witness.name(), witness.publicKey()), timestamp, signature);
  }

  /**
   * Finds the cosignature by {@code name}'s key on a checkpoint note and verifies it against the
   * note text. Other signatures on the note, the log's included, are not checked here.
   */
  public static Cosignature verify(String noteText, String name, byte[] publicKey32) throws VerificationException {
    Ed25519.requireKeyName(name);
    Ed25519.requirePublicKey(publicKey32);
    SignedNote.Note note = SignedNote.parse(noteText);
    SignedNote.parseCheckpoint(note.text());
    byte[] keyId = keyId(name, publicKey32);
    Cosignature found = null;
    for (SignedNote.Line line : note.signatures()) {
      if (!line.name().equals(name) || !line.hasKeyId(keyId)) {
        continue;
      }
      byte[] blob = line.blob();
      if (blob.length != BLOB_BYTES) {
        throw new VerificationException(MALFORMED, "cosignature by " + name + " is " + blob.length
            + " bytes, expected " + BLOB_BYTES + " (key ID, timestamp, Ed25519 signature)");
      }
      long timestamp = ByteBuffer.wrap(blob, 4, 8).getLong();
      if (timestamp < 0) {
        throw new VerificationException(MALFORMED, "cosignature by " + name + " has timestamp beyond 2^63-1");
      }
      byte[] signature = Arrays.copyOfRange(blob, 12, BLOB_BYTES);
      if (!Ed25519.verify(publicKey32, message(note.text(), timestamp), signature)) {
        throw new VerificationException(BAD_SIGNATURE, "cosignature by " + name + " at time " + timestamp
            + " does not verify over the checkpoint");
      }
      found = new Cosignature(name, keyId, timestamp, signature);
    }
    if (found == null) {
      throw new VerificationException(UNTRUSTED, "note has no cosignature by " + name + " with key ID " + Ed25519.hex(keyId));
    }
    return found;
  }

  /** SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4]. */
  public static byte[] keyId(String name, byte[] publicKey32) {
    return Ed25519.keyId(name, Ed25519.TYPE_COSIGNATURE, Ed25519.requirePublicKey(publicKey32));
  }

  static byte[] message(String checkpointBody, long timestamp) {
    return ("cosignature/v1\ntime " + timestamp + "\n" + checkpointBody).getBytes(StandardCharsets.UTF_8);
  }

  /** The note signature line, newline included; append it to the checkpoint note. */
  public String signatureLine() {
    byte[] stamped = ByteBuffer.allocate(8 + Ed25519.SIGNATURE_BYTES).putLong(timestamp).put(signature).array();
    return SignedNote.signatureLine(name, keyId, stamped);
  }

  @Override
  public byte[] keyId() {
    return keyId.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cosignature
        && name.equals(((Cosignature) o).name)
        && Arrays.equals(keyId, ((Cosignature) o).keyId)
        && timestamp == ((Cosignature) o).timestamp
        && Arrays.equals(signature, ((Cosignature) o).signature);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "Cosignature[" + name + " " + Ed25519.hex(keyId) + " time " + timestamp + "]";
  }
}
