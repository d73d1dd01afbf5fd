package org.liaison.channels;

/** How urgent a message is. Safety-of-flight messages get an acknowledgement deadline by default. */
enum Priority {
  ROUTINE("routine"),
  URGENT("urgent"),
  SAFETY_OF_FLIGHT("safety-of-flight");

  final String wire;

  Priority(String wire) {
    this.wire = wire;
  }

  static Priority parse(String s, String path) {
    return Channel.byWire(values(), p -> p.wire, s, path);
  }
}
