package org.liaison.channels;

import java.time.Instant;

/** A current membership: the member sees the channel's messages from {@code fromSeq} on. */
record Member(String party, Instant joined, long fromSeq, String addedBy) {}
