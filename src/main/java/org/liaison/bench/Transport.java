package org.liaison.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One client's HTTP/1.1 connection to the hub. Two implementations, so the tool can show that it
 * measures the server and not itself: the JDK's {@link HttpClient}, and a lean blocking socket
 * client that keeps one connection alive per benchmark client.
 */
interface Transport extends AutoCloseable {
  /** A response: its status and body. */
  record Response(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Sends one request and waits for its response. {@code body} may be null. */
  Response exchange(String method, String path, String bearer, byte[] body);

  @Override
  void close();

  /** Which client implementation to use. */
  enum Kind {
    RAW, JDK;

    Factory factory(URI base) {
      if (this == RAW) {
        return () -> new Raw(base);
      }
      HttpClient shared = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      return () -> new Jdk(shared, base);
    }
  }

  /** Makes one transport per benchmark client. */
  @FunctionalInterface
  interface Factory {
    Transport open();
  }

  /** The JDK client; its own pool holds the connections. */
  final class Jdk implements Transport {
    private final HttpClient client;
    private final String base;

    Jdk(HttpClient client, URI base) {
      this.client = client;
      this.base = strip(base);
    }

    @Override
    public Response exchange(String method, String path, String bearer, byte[] body) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
      if (bearer != null) {
        b.header("Authorization", "Bearer " + bearer);
      }
      if (body != null) {
        b.header("Content-Type", "application/json");
      }
      b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      try {
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.body());
      } catch (IOException e) {
        throw new UncheckedIOException(method + " " + path + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during " + method + " " + path, e);
      }
    }

    @Override
    public void close() {
      // The shared client's pool outlives any one benchmark client.
    }
  }

  /**
   * A minimal HTTP/1.1 client over one keep-alive socket: writes the request in one buffer, reads
   * the status line, the headers it needs (Content-Length, Transfer-Encoding, Connection) and the
   * body. Reconnects once if the server closed the connection.
   */
  final class Raw implements Transport {
    private final String host;
    private final int port;
    private final byte[] hostHeader;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final ByteArrayOutputStream req = new ByteArrayOutputStream(2048);
    private final StringBuilder lineBuf = new StringBuilder(128);

    Raw(URI base) {
      if (!"http".equals(base.getScheme())) {
        throw new IllegalArgumentException("the raw client speaks plain http only, got " + base);
      }
      this.host = base.getHost();
      this.port = base.getPort() == -1 ? 80 : base.getPort();
      this.hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public Response exchange(String method, String path, String bearer, byte[] body) {
      req.reset();
      ascii(method + " " + path + " HTTP/1.1\r\n");
      req.writeBytes(hostHeader);
      if (bearer != null) {
        ascii("Authorization: Bearer " + bearer + "\r\n");
      }
      if (body != null) {
        ascii("Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n");
        req.writeBytes(body);
      } else {
        ascii("\r\n");
      }
      for (int attempt = 0; ; attempt++) {
        try {
          if (socket == null) {
            connect();
          }
          req.writeTo(out);
          out.flush();
          return read();
        } catch (IOException e) {
          closeQuietly();
          if (attempt > 0) {
            throw new UncheckedIOException(method + " " + path + " to " + host + ":" + port + ": " + e.getMessage(), e);
          }
        }
      }
    }

    private void ascii(String s) {
      req.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private void connect() throws IOException {
      Socket s = new Socket();
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(host, port), 5000);
      s.setSoTimeout(60_000);
      socket = s;
      in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
      out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
    }

    private Response read() throws IOException {
      String status = line();
      if (status == null) {
        throw new IOException("connection closed before the status line");
      }
      if (!status.startsWith("HTTP/1.") || status.length() < 12) {
        throw new IOException("bad status line \"" + status + "\"");
      }
      int code = Integer.parseInt(status.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean close = false;
      for (String h = line(); h != null && !h.isEmpty(); h = line()) {
        int colon = h.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> close = value.equalsIgnoreCase("close");
          default -> { }
        }
      }
      byte[] body;
      if (code == 204 || code == 304 || code / 100 == 1) {
        // No body by definition (RFC 9110), whatever the headers say: reading on would wait for the
        // server to close the connection.
        body = new byte[0];
      } else if (chunked) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (;;) {
          String size = line();
          if (size == null) {
            throw new IOException("connection closed inside a chunked body");
          }
          int semi = size.indexOf(';');
          int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
          if (n == 0) {
            for (String t = line(); t != null && !t.isEmpty(); t = line()) {
              // trailers are ignored
            }
            break;
          }
          b.writeBytes(in.readNBytes(n));
          line();
        }
        body = b.toByteArray();
      } else if (length >= 0) {
        body = in.readNBytes((int) length);
        if (body.length != length) {
          throw new IOException("connection closed after " + body.length + " of " + length + " body bytes");
        }
      } else {
        body = in.readAllBytes();
        close = true;
      }
      if (close) {
        closeQuietly();
      }
      return new Response(code, body);
    }

    private String line() throws IOException {
      lineBuf.setLength(0);
      int c;
      while ((c = in.read()) != -1) {
        if (c == '\n') {
          int n = lineBuf.length();
          if (n > 0 && lineBuf.charAt(n - 1) == '\r') {
            lineBuf.setLength(n - 1);
          }
          return lineBuf.toString();
        }
        lineBuf.append((char) c);
      }
      return lineBuf.length() == 0 ? null : lineBuf.toString();
    }

    private void closeQuietly() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // nothing to do: the connection is being dropped anyway
        }
      }
      socket = null;
    }

    @Override
    public void close() {
      closeQuietly();
    }
  }

  private static String strip(URI base) {
    String s = base.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
