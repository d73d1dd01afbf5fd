package org.liaison.publication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.http.Json;
import org.liaison.testkit.Prerequisites;

/** GDAL, a consumer that airlines' and authorities' GIS tools are built on, reads our files. */
class OgrInfoTest {
  @TempDir Path dir;

  private static boolean ogrinfo() {
    try {
      Process p = new ProcessBuilder("ogrinfo", "--version").redirectErrorStream(true).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private Publication.Snapshot day() {
    Map<String, PartySettings> all = new HashMap<>();
    Days.PARTIES.forEach(p -> all.put(p, Days.ALL));
    Publication.Snapshot s = AggregationProperties.publication(Days.day(7, 20), Days.at(Days.MORNING),
        PublicationConfig.DEFAULTS, all).refresh();
    assertThat(s.areas()).hasSizeGreaterThan(1);
    return s;
  }

  private static String run(Path file) throws Exception {
    Process p = new ProcessBuilder("ogrinfo", "-ro", "-al", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void gdal_reads_the_geojson_with_every_area_as_a_polygon_and_its_limits_and_times() throws Exception {
    Prerequisites.require(ogrinfo(), "ogrinfo absent: install Debian's gdal-bin to run the GDAL reader tests");
    Publication.Snapshot s = day();
    Path f = dir.resolve("danger-areas.geojson");
    Files.writeString(f, Json.MAPPER.writeValueAsString(Formats.geoJson(s)));
    String out = run(f);
    assertThat(out).contains("Feature Count: " + s.areas().size(), "Geometry: Polygon");
    assertThat(out).containsPattern("lower_value: Integer");
    assertThat(out).contains("upper_reference: String", "start: DateTime", "end: DateTime", "notam: String");
    assertThat(count(out, "POLYGON ((")).isEqualTo(s.areas().size());
    for (DangerArea a : s.areas()) {
      assertThat(out).contains("id (String) = " + a.id());
    }
  }

  @Test
  void gdal_reads_the_kml_with_every_area_as_a_polygon_named_by_its_id() throws Exception {
    Prerequisites.require(ogrinfo(), "ogrinfo absent: install Debian's gdal-bin to run the GDAL reader tests");
    Publication.Snapshot s = day();
    Path f = dir.resolve("danger-areas.kml");
    Files.writeString(f, Formats.kml(s));
    String out = run(f);
    assertThat(out).contains("Feature Count: " + s.areas().size());
    assertThat(count(out, "POLYGON ((")).isEqualTo(s.areas().size());
    for (DangerArea a : s.areas()) {
      assertThat(out).containsPattern("Name \\(String\\) = " + a.id());
    }
    for (String field : List.of("lower_value", "upper_reference", "start", "end")) {
      assertThat(out).as("KML ExtendedData " + field).contains(field);
    }
  }

  private static int count(String s, String sub) {
    int n = 0;
    for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
      n++;
    }
    return n;
  }
}
