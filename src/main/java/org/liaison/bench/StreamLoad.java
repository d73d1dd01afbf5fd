package org.liaison.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds many event streams ({@code GET /liaison/v1/events}, {@code Accept: text/event-stream}) of
 * one party open on one thread with non-blocking sockets, reading and dropping what the hub sends,
 * as a console left open in many tabs would. Only the client's side of a stream costs a socket
 * here, so thousands fit in one process.
 */
final class StreamLoad implements AutoCloseable {
  /** Connections opened at once: a burst larger than the listen backlog would be dropped by the kernel. */
  private static final int BATCH = 250;

  /** One connection: its request still to send, and the response's head as it arrives. */
  private static final class Conn {
    final ByteBuffer request;
    final StringBuilder head = new StringBuilder();
    int status;

    Conn(ByteBuffer request) {
      this.request = request;
    }
  }

  private final Selector selector;
  private final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
  private volatile int answered;
  private volatile int failed;
  private volatile long bytes;
  private volatile boolean closed;
  private final Thread loop;

  private StreamLoad(Selector selector) {
    this.selector = selector;
    this.loop = new Thread(this::run, "liaison-bench-streams");
    this.loop.setDaemon(true);
  }

  /**
   * Opens {@code n} streams of the party of {@code token} at {@code base}, {@link #BATCH} at a time,
   * and returns once each has its response's status (or failed), or {@code timeoutSeconds} passed.
   */
  static StreamLoad open(URI base, String token, int n, int timeoutSeconds, PrintStream progress) throws IOException {
    StreamLoad s = new StreamLoad(Selector.open());
    s.loop.start();
    InetSocketAddress addr = new InetSocketAddress(base.getHost(), base.getPort());
    byte[] req = ("GET /liaison/v1/events HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
        + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    int opened = 0;
    while (opened < n && System.nanoTime() < deadline) {
      int batch = Math.min(BATCH, n - opened);
      for (int i = 0; i < batch; i++) {
        try {
          SocketChannel ch = SocketChannel.open();
          ch.configureBlocking(false);
          boolean now = ch.connect(addr);
          s.register(ch, new Conn(ByteBuffer.wrap(req)), now ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT);
        } catch (IOException e) {
          s.failed++;
          if (s.failed == 1) {
            progress.println("streams: could not open a socket (" + e.getMessage() + "); is ulimit -n high enough?");
          }
        }
      }
      opened += batch;
      while (s.answered + s.failed < opened && System.nanoTime() < deadline) {
        sleep(20);
      }
      progress.printf("\rstreams: %,d of %,d opened", opened, n);
    }
    progress.println();
    return s;
  }

  private final java.util.Queue<Object[]> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();

  private void register(SocketChannel ch, Conn c, int ops) {
    pending.add(new Object[] {ch, c, ops});
    selector.wakeup();
  }

  private void run() {
    ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
    try {
      while (!closed) {
        selector.select(200);
        Object[] p;
        while ((p = pending.poll()) != null) {
          ((SocketChannel) p[0]).register(selector, (Integer) p[2], p[1]);
        }
        var it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey k = it.next();
          it.remove();
          step(k, buf);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        System.err.println("liaison bench: stream loop failed: " + e);
      }
    }
  }

  private void step(SelectionKey k, ByteBuffer buf) {
    SocketChannel ch = (SocketChannel) k.channel();
    Conn c = (Conn) k.attachment();
    try {
      if (k.isValid() && k.isConnectable() && ch.finishConnect()) {
        k.interestOps(SelectionKey.OP_WRITE);
      }
      if (k.isValid() && k.isWritable()) {
        ch.write(c.request);
        if (!c.request.hasRemaining()) {
          k.interestOps(SelectionKey.OP_READ);
        }
      }
      if (k.isValid() && k.isReadable()) {
        buf.clear();
        int n = ch.read(buf);
        if (n < 0) {
          k.cancel();
          ch.close();
          if (c.status == 0) {
            failed++;
          }
          return;
        }
        bytes += n;
        if (c.status == 0) {
          buf.flip();
          c.head.append(StandardCharsets.US_ASCII.decode(buf));
          if (c.head.length() >= 12 && c.head.indexOf("\r\n") > 0) {
            c.status = Integer.parseInt(c.head.substring(9, 12));
            statuses.merge(c.status, 1, Integer::sum);
            answered++;
            c.head.setLength(0);
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      k.cancel();
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      if (c.status == 0) {
        failed++;
      }
    }
  }

  /** Streams the hub answered 200 and that are still open, as far as the last status went. */
  int held() {
    return statuses.getOrDefault(200, 0);
  }

  /** Statuses of the answered streams, and {@code -1} for connections that failed before one. */
  Map<Integer, Integer> statuses() {
    Map<Integer, Integer> m = new TreeMap<>(statuses);
    if (failed > 0) {
      m.put(-1, failed);
    }
    return m;
  }

  long bytesRead() {
    return bytes;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    try {
      loop.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SelectionKey k : selector.keys()) {
      try {
        k.channel().close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    try {
      selector.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
