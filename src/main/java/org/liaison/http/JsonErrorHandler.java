package org.liaison.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty refuses some requests before any route sees them: a request target that is not valid
 * UTF-8 or holds a bad escape, a URI or headers that are too long. Those answers carry a JSON
 * {@code message} as every other error does, not Jetty's HTML page, and say that the connection
 * closes.
 */
final class JsonErrorHandler extends ErrorHandler {

  /** Jetty writes error bodies only for GET, POST and HEAD; a refused DELETE or PUT needs one too. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message,
      Throwable cause, Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put("Content-Security-Policy", SecurityHeaders.API_CSP);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    // A request refused while parsing leaves the connection unusable, and Jetty closes it without
    // saying so; a client that reuses it then fails its next request.
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
  }

  private static byte[] body(int code, String message) {
    String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("message", switch (code) {
      case 414 -> "request target (path and query) is too long";
      case 431 -> "request headers are too large";
      default -> code >= 500
          ? "HTTP layer failed: " + reason
          : "request refused before routing: " + reason + " (check the path and its %-escapes)";
    });
    try {
      return Json.MAPPER.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("error body not serializable", e);
    }
  }
}
