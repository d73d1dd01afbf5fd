package org.liaison.channels;

import java.time.Instant;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;

/**
 * A channel: a bilateral hotline or a group. {@code suspendedBy} is null unless a member has
 * suspended it; {@code lastSeq} is the sequence number of its latest message.
 */
record Channel(
    String id,
    String name,
    Kind kind,
    Policy escalation,
    String createdBy,
    Instant created,
    String suspendedBy,
    Instant suspendedSince,
    long lastSeq,
    Encryption encryption) {

  boolean suspended() {
    return suspendedBy != null;
  }

  /**
   * The constant of {@code values} whose wire name is {@code s}, or a 400 naming {@code path} and
   * listing the wire names in order: how every channel enumeration is read.
   */
  static <E extends Enum<E>> E byWire(E[] values, Function<E, String> wire, String s, String path) {
    for (E e : values) {
      if (wire.apply(e).equals(s)) {
        return e;
      }
    }
    throw ApiException.badRequest("%s \"%s\" is not one of %s", path, Values.truncate(s),
        Arrays.stream(values).map(wire).collect(Collectors.joining(", ")));
  }

  /** Bilateral channels have exactly two members, fixed at creation. */
  enum Kind {
    BILATERAL("bilateral"),
    GROUP("group");

    final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    static Kind parse(String s, String path) {
      return byWire(values(), e -> e.wire, s, path);
    }
  }

  /**
   * Whether message bodies are end-to-end encrypted: {@code e2e}, sealed by the sender for each
   * member so the hub holds ciphertext only; or {@code none}, plain text the hub can read, for
   * parties without nodes.
   */
  enum Encryption {
    E2E("e2e"),
    NONE("none");

    final String wire;

    Encryption(String wire) {
      this.wire = wire;
    }

    static Encryption parse(String s, String path) {
      return byWire(values(), e -> e.wire, s, path);
    }
  }

  /** What happens after an acknowledgement deadline passes, beyond telling sender and recipient. */
  enum Policy {
    /** Every member of the channel sees the escalation. */
    NOTIFY_GROUP("notify-group"),
    /** The recipient party is marked unresponsive in the directory, for everyone to see. */
    MARK_UNRESPONSIVE("mark-unresponsive");

    final String wire;

    Policy(String wire) {
      this.wire = wire;
    }

    static Policy parse(String s, String path) {
      return byWire(values(), e -> e.wire, s, path);
    }
  }
}
