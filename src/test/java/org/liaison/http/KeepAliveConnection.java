package org.liaison.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 connection that sends every request on the same socket, which a pooling client
 * such as the JDK's does only by chance. Bugs that need state kept per connection show up here
 * every time.
 */
public final class KeepAliveConnection implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final int port;

  /**
   * An answer: the status, the body as text, and whether the server said it will close the
   * connection ({@code Connection: close}), after which no further request may be sent on it.
   */
  public record Answer(int status, String body, boolean closes) {}

  public KeepAliveConnection(int port) throws IOException {
    this.port = port;
    this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(30_000);
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Sends a request without a body and reads the whole answer. */
  public Answer send(String method, String path, String authorization) throws IOException {
    String request = method + " " + path + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + port + "\r\n"
        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
        + "Content-Length: 0\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return read();
  }

  private Answer read() throws IOException {
    String statusLine = line();
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    int length = -1;
    boolean chunked = false;
    boolean closes = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      String name = h.substring(0, h.indexOf(':')).strip().toLowerCase(Locale.ROOT);
      String value = h.substring(h.indexOf(':') + 1).strip();
      if (name.equals("content-length")) {
        length = Integer.parseInt(value);
      } else if (name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
        chunked = true;
      } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
        closes = true;
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0;
          size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
        body.write(in.readNBytes(size));
        line();
      }
      line();
    } else if (length >= 0) {
      body.write(in.readNBytes(length));
    } else {
      throw new IOException("answer " + status + " has neither Content-Length nor chunked encoding");
    }
    return new Answer(status, body.toString(StandardCharsets.UTF_8), closes);
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed after \"" + b + "\"");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
