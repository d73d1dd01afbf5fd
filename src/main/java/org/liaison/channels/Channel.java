package org.liaison.channels;

import java.time.Instant;
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

  /** Bilateral channels have exactly two members, fixed at creation. */
  enum Kind {
    BILATERAL("bilateral"),
    GROUP("group");

    final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    static Kind parse(String s, String path) {
      for (Kind k : values()) {
        if (k.wire.equals(s)) {
          return k;
        }
      }
      throw ApiException.badRequest("%s \"%s\" is not one of bilateral, group", path, Values.truncate(s));
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
      for (Encryption e : values()) {
        if (e.wire.equals(s)) {
          return e;
        }
      }
      throw ApiException.badRequest("%s \"%s\" is not one of e2e, none", path, Values.truncate(s));
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
      for (Policy p : values()) {
        if (p.wire.equals(s)) {
          return p;
        }
      }
      throw ApiException.badRequest(
          "%s \"%s\" is not one of notify-group, mark-unresponsive", path, Values.truncate(s));
    }
  }
}
