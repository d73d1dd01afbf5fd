package org.liaison.hub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One event stream held open on a raw socket: cheap enough to hold hundreds, and closable
 * abruptly (a reset, as when a client's process dies) to see the server notice.
 */
public final class StreamClient implements AutoCloseable {
  public final int status;
  final String head;
  private final Socket socket;

  private StreamClient(Socket socket, int status, String head) {
    this.socket = socket;
    this.status = status;
    this.head = head;
  }

  /** Sends {@code GET path} with {@code Accept: text/event-stream} and reads the response's status and headers. */
  public static StreamClient open(int port, String path, String token) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    s.setSoTimeout(30_000);
    String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n"
        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
    s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    InputStream in = s.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        s.close();
        throw new IOException("the server closed the connection before the response's headers ended: " + head);
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    int status = Integer.parseInt(text.substring(9, 12));
    return new StreamClient(s, status, text);
  }

  /** The value of response header {@code name}, or null. */
  public String header(String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  /** Reads what the server has sent since the headers, up to {@code max} bytes, waiting for the first. */
  public String read(int max) throws IOException {
    byte[] buf = new byte[max];
    int n = socket.getInputStream().read(buf);
    return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  /** Closes with a reset, not a polite FIN: the server learns of it only when it next writes. */
  public void abort() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
