package org.liaison.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.liaison.http.Json;
import org.liaison.publication.Formats;
import org.liaison.publication.Notice;
import org.liaison.publication.PartySettings;
import org.liaison.publication.Publication;
import org.liaison.publication.PublicationConfig;

/**
 * The day's danger areas as civil aviation would have received them: every volume declared during
 * the day, each party publishing its operations and restrictions, aggregated as the hub does, and
 * written to {@code published/} in the data directory.
 */
final class Published {
  private Published() {}

  static Publication.Snapshot write(Path dir, Instant dayStart, List<Report.Shape> shapes) throws IOException {
    List<Notice> notices = new ArrayList<>();
    Map<String, PartySettings> parties = new HashMap<>();
    long i = 0;
    for (Report.Shape s : shapes) {
      notices.add(new Notice(new UUID(0, i++), s.party(), s.restriction() ? Notice.Kind.RESTRICTION : Notice.Kind.OPERATION,
          1, List.of(s.volume())));
      // In the demo every party lets the hub publish its operations too, a day ahead.
      parties.put(s.party(), new PartySettings(true, true, 24 * 60));
    }
    Publication p = Publication.inMemory(() -> notices, PublicationConfig.DEFAULTS,
        Clock.fixed(dayStart, ZoneOffset.UTC), dayStart.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    parties.forEach(p::setSettings);
    Publication.Snapshot snap = p.refresh();
    Path out = dir.resolve("published");
    Files.createDirectories(out);
    Files.writeString(out.resolve("danger-areas.geojson"), Json.MAPPER.writeValueAsString(Formats.geoJson(snap)));
    Files.writeString(out.resolve("danger-areas.kml"), Formats.kml(snap));
    Files.writeString(out.resolve("notams.txt"), Formats.notams(snap));
    return snap;
  }
}
