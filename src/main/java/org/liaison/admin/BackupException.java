package org.liaison.admin;

/**
 * A backup or restore that cannot go ahead: a damaged or foreign file, a schema of another
 * version, a target that already holds data, a ledger that does not verify. The message says
 * which file, table or line, and what to do; a restore that throws this changed nothing.
 */
public final class BackupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BackupException(String message) {
    super(message);
  }

  public BackupException(String message, Throwable cause) {
    super(message, cause);
  }
}
