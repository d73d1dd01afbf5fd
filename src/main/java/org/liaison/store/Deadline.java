package org.liaison.store;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

/**
 * The time by which the current thread's request must be answered. The HTTP layer starts one per
 * request and clears it after; {@link Database} reads it to bound statements, lock waits and
 * retries. Threads without one (the DSS committer, the ledger sequencer) are bounded by the
 * database's own timeout instead.
 */
public final class Deadline {
  private record At(long nanos, Duration budget) {}

  private static final ThreadLocal<At> CURRENT = new ThreadLocal<>();

  private Deadline() {}

  /** Gives the current thread {@code budget} from now. */
  public static void start(Duration budget) {
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("deadline budget must be positive, got " + budget);
    }
    CURRENT.set(new At(System.nanoTime() + budget.toNanos(), budget));
  }

  public static void clear() {
    CURRENT.remove();
  }

  /** Nanoseconds left, or null when the thread has no deadline. */
  static Long remainingNanos() {
    At at = CURRENT.get();
    return at == null ? null : at.nanos - System.nanoTime();
  }

  /** The whole budget of the current deadline, or null when there is none. */
  static Duration budget() {
    At at = CURRENT.get();
    return at == null ? null : at.budget;
  }

  /**
   * Whether {@code t}, or one of its causes, says the database did not answer in time: a statement
   * cancelled by its timeout (SQLSTATE 57014), no pooled connection within the connection
   * timeout, a lock still busy, or a deadline that passed.
   */
  public static boolean isTimeout(Throwable t) {
    for (int depth = 0; t != null && depth < 16; t = t.getCause(), depth++) {
      if (t instanceof SQLTimeoutException || t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException s && ("57014".equals(s.getSQLState())
          || String.valueOf(s.getMessage()).contains("SQLITE_BUSY"))) {
        return true;
      }
    }
    return false;
  }
}
