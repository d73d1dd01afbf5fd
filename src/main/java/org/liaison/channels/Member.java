package org.liaison.channels;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A current membership: the member sees the channel's messages from {@code fromSeq} on. */
record Member(String party, Instant joined, long fromSeq, String addedBy) {

  static List<String> parties(List<Member> members) {
    List<String> out = new ArrayList<>();
    members.forEach(m -> out.add(m.party()));
    return out;
  }
}
