package org.liaison.proof;

/**
 * A signed note, checkpoint, cosignature or proof was rejected. {@link #reason()} separates input
 * that cannot be read at all from input that reads fine but must not be trusted.
 */
public final class VerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why verification failed. */
  public enum Reason {
    /** The text does not follow the signed-note, checkpoint or cosignature format. */
    MALFORMED,
    /** Well formed, but carries no signature by the expected key, or names another log. */
    UNTRUSTED,
    /** A signature by the expected key does not verify. */
    BAD_SIGNATURE,
    /** The checkpoint cannot extend the history already seen: a fork, a rollback or a bad proof. */
    INCONSISTENT
  }

  private final Reason reason;

  VerificationException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  VerificationException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
