package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.liaison.http.Json;

/**
 * A minimal Server-Sent Events client over a real HTTP connection: it parses {@code id:}, {@code
 * event:} and {@code data:} lines into events, on its own thread, as they arrive.
 */
final class SseReader implements AutoCloseable {
  /** One received event; {@code receivedNanos} is {@link System#nanoTime()} at its blank line. */
  record Received(long id, String type, JsonNode data, long receivedNanos) {}

  final int status;
  private final InputStream body;
  private final BlockingQueue<Received> events = new LinkedBlockingQueue<>();
  private final Thread reader;

  SseReader(String url, String token, String lastEventId) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .header("Accept", "text/event-stream")
        .header("Authorization", "Bearer " + token)
        .GET();
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> r = Api.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    status = r.statusCode();
    body = r.body();
    reader = new Thread(this::read, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    StringBuilder line = new StringBuilder();
    Long id = null;
    String type = null;
    StringBuilder data = new StringBuilder();
    try {
      byte[] buf = new byte[8192];
      java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
      int n;
      while ((n = body.read(buf)) >= 0) {
        for (int i = 0; i < n; i++) {
          if (buf[i] != '\n') {
            pending.write(buf[i]);
            continue;
          }
          line.setLength(0);
          line.append(pending.toString(StandardCharsets.UTF_8));
          pending.reset();
          String l = line.toString();
          if (l.isEmpty()) {
            if (data.length() > 0) {
              events.add(new Received(id == null ? -1 : id, type, Json.MAPPER.readTree(data.toString()),
                  System.nanoTime()));
            }
            id = null;
            type = null;
            data.setLength(0);
          } else if (l.startsWith("id:")) {
            id = Long.parseLong(l.substring(3).trim());
          } else if (l.startsWith("event:")) {
            type = l.substring(6).trim();
          } else if (l.startsWith("data:")) {
            data.append(l.substring(5).trim());
          }
        }
      }
    } catch (IOException e) {
      // closed
    }
  }

  /** The next event, or null if none comes within {@code timeout}. */
  Received next(Duration timeout) throws InterruptedException {
    return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws IOException {
    body.close();
    reader.interrupt();
  }
}
