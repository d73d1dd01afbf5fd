package org.liaison.proof;

/** A log entry: its dense index, its canonical JSON bytes and its RFC 9162 leaf hash. */
public record LogEntry(long index, byte[] entry, byte[] leafHash) {}
