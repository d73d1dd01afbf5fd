package org.liaison.channels;

/**
 * Wakes event readers when the log grows. It carries only the latest sequence number; readers
 * then query the log for what they may see. Waits are bounded, so a reader also notices events
 * written by another hub instance on the same database, a little later.
 */
final class Signal {
  private long head;
  private boolean closed;

  Signal(long head) {
    this.head = head;
  }

  synchronized long head() {
    return head;
  }

  synchronized void publish(long seq) {
    if (seq > head) {
      head = seq;
      notifyAll();
    }
  }

  /** Waits until the head passes {@code seen}, at most {@code millis}; returns the head. */
  synchronized long await(long seen, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (head <= seen && !closed) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        break;
      }
      wait(left);
    }
    return head;
  }

  synchronized void close() {
    closed = true;
    notifyAll();
  }

  synchronized boolean closed() {
    return closed;
  }
}
