package org.liaison.client;

import java.net.URI;

/**
 * A call to a hub or a node failed: no answer ({@link #status()} 0), or an answer other than the
 * one expected. The message names the method, the URL and what the service said.
 */
public class ServiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String method;
  private final URI url;

  public ServiceException(int status, String method, URI url, String message, Throwable cause) {
    super(method + " " + url + ": " + message, cause);
    this.status = status;
    this.method = method;
    this.url = url;
  }

  /** The HTTP status, or 0 when no answer came (refused, timed out, malformed). */
  public int status() {
    return status;
  }

  public String method() {
    return method;
  }

  public URI url() {
    return url;
  }
}
