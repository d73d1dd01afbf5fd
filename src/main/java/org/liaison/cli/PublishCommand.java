package org.liaison.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "publish", mixinStandardHelpOptions = true,
    description = "Write a publishing hub's danger areas as files: GeoJSON, KML and ICAO NOTAM text.")
final class PublishCommand implements Callable<Integer> {
  /** The files written, each the body of the hub's /public/v1 route of the same name. */
  static final List<String> FILES = List.of("danger-areas.geojson", "danger-areas.kml", "notams.txt");

  @Option(names = "--out", required = true, description = "Directory to write the files into (created if need be).")
  Path out;

  @Option(names = "--hub", defaultValue = "http://localhost:8082", description = "URL of a hub started with --publish (default: ${DEFAULT-VALUE}).")
  URI hub;

  @Override
  public Integer call() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Files.createDirectories(out);
    String etag = null;
    for (String f : FILES) {
      HttpResponse<String> r;
      try {
        r = http.send(HttpRequest.newBuilder(hub.resolve("/public/v1/" + f)).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException e) {
        System.err.println("liaison publish: cannot reach " + hub + ": " + e.getMessage());
        return 1;
      }
      if (r.statusCode() != 200) {
        System.err.println("liaison publish: " + f + ": hub answered " + r.statusCode() + ": " + r.body());
        return 1;
      }
      String tag = r.headers().firstValue("ETag").orElse("");
      if (etag != null && !etag.equals(tag)) {
        // The areas changed between two files: start again so the three always agree.
        return call();
      }
      etag = tag;
      Path tmp = out.resolve(f + ".tmp");
      Files.writeString(tmp, r.body());
      Files.move(tmp, out.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      System.out.println(out.resolve(f));
    }
    System.out.println("revision " + etag);
    return 0;
  }
}
