package org.liaison.proof;

import java.util.Arrays;

/**
 * A log's tree head in the C2SP {@code tlog-checkpoint} note text: origin, tree size and root.
 * {@link #toBody()} and {@link #parse} are exact inverses. Extension lines are not supported: a
 * body that has them is rejected rather than silently shortened, because signatures cover them.
 */
public record Checkpoint(String origin, long size, byte[] root) {
  public Checkpoint {
    if (origin == null || origin.isEmpty()) {
      throw new IllegalArgumentException("checkpoint origin must be non-empty, was " + (origin == null ? "null" : "\"\""));
    }
    for (int i = 0; i < origin.length(); i++) {
      if (origin.charAt(i) < 0x20) {
        throw new IllegalArgumentException(String.format(
            "checkpoint origin \"%s\" has control character U+%04X at %d", origin, (int) origin.charAt(i), i));
      }
    }
    if (size < 0) {
      throw new IllegalArgumentException("checkpoint tree size must not be negative, was " + size);
    }
    root = Merkle.requireHash(root, "checkpoint root hash").clone();
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  /** {@code origin\nsize\nbase64(root)\n}. */
  public String toBody() {
    return origin + "\n" + size + "\n" + B64.encode(root) + "\n";
  }

  /** Reads a checkpoint note text; the message of the exception names the offending line. */
  public static Checkpoint parse(String body) {
    if (body == null || !body.endsWith("\n")) {
      throw new IllegalArgumentException("checkpoint text must end with a newline");
    }
    String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new IllegalArgumentException("checkpoint text has " + lines.length + " lines, needs origin, size and root");
    }
    if (lines.length > 3) {
      throw new IllegalArgumentException("checkpoint has unsupported extension line \"" + lines[3] + "\"");
    }
    String sizeLine = lines[1];
    if (!sizeLine.matches("0|[1-9][0-9]{0,18}")) {
      throw new IllegalArgumentException("checkpoint tree size line \"" + sizeLine + "\" is not a decimal without leading zeros");
    }
    long size;
    try {
      size = Long.parseLong(sizeLine);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("checkpoint tree size \"" + sizeLine + "\" is too large", e);
    }
    byte[] root;
    try {
      root = B64.decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checkpoint root hash line \"" + lines[2] + "\" is not base64", e);
    }
    if (root.length != Merkle.HASH_BYTES || !B64.encode(root).equals(lines[2])) {
      throw new IllegalArgumentException(
          "checkpoint root hash line \"" + lines[2] + "\" is not the canonical base64 of 32 bytes");
    }
    return new Checkpoint(lines[0], size, root);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint
        && origin.equals(((Checkpoint) o).origin)
        && size == ((Checkpoint) o).size
        && Arrays.equals(root, ((Checkpoint) o).root);
  }

  @Override
  public int hashCode() {
    return (31 * origin.hashCode() + Long.hashCode(size)) * 31 + Arrays.hashCode(root);
  }

  @Override
  public String toString() {
    return "Checkpoint[" + origin + " " + size + " " + B64.encode(root) + "]";
  }
}
