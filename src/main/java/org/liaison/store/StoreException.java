package org.liaison.store;

/** The database could not do what was asked; the message names the store and the cause. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
