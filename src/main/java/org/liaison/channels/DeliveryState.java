package org.liaison.channels;

/** Where a message stands for one recipient. States only move forward. */
enum DeliveryState {
  /** Stored at the hub; the recipient has not fetched it yet. */
  SENT("sent"),
  /** The recipient's node or console fetched it (page, long-poll or event stream). */
  DELIVERED("delivered"),
  /** The recipient marked it read. */
  READ("read"),
  /** The recipient acknowledged it explicitly, perhaps with a reply. */
  ACKNOWLEDGED("acknowledged");

  final String wire;

  DeliveryState(String wire) {
    this.wire = wire;
  }

  static DeliveryState fromWire(String s) {
    for (DeliveryState d : values()) {
      if (d.wire.equals(s)) {
        return d;
      }
    }
    throw new IllegalStateException("stored delivery state \"" + s + "\" is unknown");
  }

  boolean before(DeliveryState other) {
    return ordinal() < other.ordinal();
  }
}
