package org.liaison.publication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A parser of ICAO NOTAM text (Annex 15 / PANS-AIM, Doc 10066 appendix 3) checks every NOTAM of
 * generated days, item by item, and checks that it says what the area says.
 */
class NotamSyntaxProperties {
  private static final Pattern HEADER = Pattern.compile("([A-Z])(\\d{4})/(\\d{2}) NOTAMN");
  private static final Pattern Q = Pattern.compile(
      "Q\\) ([A-Z]{4})/Q([A-Z]{2})([A-Z]{2})/(IV|I|V|K)/([NBOMK]{1,3})/([AEWK]{1,2})/(\\d{3})/(\\d{3})/"
          + "(\\d{2})(\\d{2})([NS])(\\d{3})(\\d{2})([EW])(\\d{3})");
  private static final Pattern ABC = Pattern.compile("A\\) ([A-Z]{4}) B\\) (\\d{10}) C\\) (\\d{10})");
  private static final Pattern E = Pattern.compile("E\\) (.+)");
  private static final Pattern COORD = Pattern.compile("(\\d{2})(\\d{2})(\\d{2})([NS])(\\d{3})(\\d{2})(\\d{2})([EW])");
  private static final Pattern LIMIT = Pattern.compile("SFC|GND|UNL|\\d{1,5}FT AMSL|FL\\d{3}");
  private static final Pattern FG = Pattern.compile("F\\) (" + LIMIT + ") G\\) (" + LIMIT + ")");
  private static final DateTimeFormatter BC = DateTimeFormatter.ofPattern("yyMMddHHmm");

  @Property(tries = 40)
  void every_notam_of_a_generated_day_is_well_formed(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int count) {
    Map<String, PartySettings> all = new HashMap<>();
    Days.PARTIES.forEach(p -> all.put(p, Days.ALL));
    PublicationConfig config = new PublicationConfig("OLBB", "M", 5556, 500, 12, 15);
    Publication.Snapshot s = AggregationProperties.publication(Days.day(seed, count), Days.at(Days.MORNING), config, all)
        .refresh();
    String text = Formats.notams(s);
    String[] notams = text.split("\n\n");
    assertThat(notams).hasSize(s.areas().size());
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < notams.length; i++) {
      DangerArea a = s.areas().get(i);
      String[] lines = notams[i].strip().split("\n");
      assertThat(lines).as(notams[i]).hasSize(5);

      Matcher h = HEADER.matcher(lines[0]);
      assertThat(h.matches()).as(lines[0]).isTrue();
      assertThat(h.group(1)).isEqualTo("M");
      numbers.add(h.group(2));

      Matcher q = Q.matcher(lines[1]);
      assertThat(q.matches()).as(lines[1]).isTrue();
      assertThat(q.group(1)).isEqualTo("OLBB");
      assertThat(q.group(2) + q.group(3)).as("danger area, activated").isEqualTo("RDCA");
      assertThat(q.group(4) + "/" + q.group(5) + "/" + q.group(6)).isEqualTo("IV/BO/W");
      int lowerFl = Integer.parseInt(q.group(7));
      int upperFl = Integer.parseInt(q.group(8));
      assertThat(lowerFl).as("Q lower FL below upper").isLessThan(upperFl);
      assertThat(lowerFl * 100).isLessThanOrEqualTo(a.lowerFt());
      if (!a.unlimited()) {
        assertThat(upperFl * 100).isGreaterThanOrEqualTo(a.upperFt());
      } else {
        assertThat(upperFl).isEqualTo(999);
      }
      int latD = Integer.parseInt(q.group(9)), latM = Integer.parseInt(q.group(10));
      int lngD = Integer.parseInt(q.group(12)), lngM = Integer.parseInt(q.group(13));
      assertThat(latD).isLessThanOrEqualTo(90);
      assertThat(latM).isLessThan(60);
      assertThat(lngD).isLessThanOrEqualTo(180);
      assertThat(lngM).isLessThan(60);
      int radius = Integer.parseInt(q.group(15));
      assertThat(radius).isBetween(1, 999);
      double cLat = (latD + latM / 60.0) * (q.group(11).equals("S") ? -1 : 1);
      double cLng = (lngD + lngM / 60.0) * (q.group(14).equals("W") ? -1 : 1);

      Matcher abc = ABC.matcher(lines[2]);
      assertThat(abc.matches()).as(lines[2]).isTrue();
      assertThat(abc.group(1)).isEqualTo("OLBB");
      LocalDateTime b = LocalDateTime.parse(abc.group(2), BC);
      LocalDateTime c = LocalDateTime.parse(abc.group(3), BC);
      assertThat(b).as("B before C").isBefore(c);
      assertThat(b.toInstant(ZoneOffset.UTC)).isEqualTo(a.start());
      assertThat(c.toInstant(ZoneOffset.UTC)).isEqualTo(a.end());

      Matcher e = E.matcher(lines[3]);
      assertThat(e.matches()).isTrue();
      Matcher co = COORD.matcher(e.group(1));
      List<double[]> ring = new ArrayList<>();
      while (co.find()) {
        assertThat(Integer.parseInt(co.group(2))).isLessThan(60);
        assertThat(Integer.parseInt(co.group(3))).isLessThan(60);
        assertThat(Integer.parseInt(co.group(6))).isLessThan(60);
        assertThat(Integer.parseInt(co.group(7))).isLessThan(60);
        double lat = Integer.parseInt(co.group(1)) + Integer.parseInt(co.group(2)) / 60.0 + Integer.parseInt(co.group(3)) / 3600.0;
        double lng = Integer.parseInt(co.group(5)) + Integer.parseInt(co.group(6)) / 60.0 + Integer.parseInt(co.group(7)) / 3600.0;
        ring.add(new double[] {co.group(4).equals("S") ? -lat : lat, co.group(8).equals("W") ? -lng : lng});
      }
      assertThat(ring).as("closed ring of the area's vertices").hasSize(a.outline().size() + 1);
      assertThat(ring.get(0)).containsExactly(ring.get(ring.size() - 1));
      for (int k = 0; k < a.outline().size(); k++) {
        assertThat(ring.get(k)[0]).isCloseTo(a.outline().get(k).lat(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ring.get(k)[1]).isCloseTo(a.outline().get(k).lng(), org.assertj.core.data.Offset.offset(1e-9));
        double d = new org.liaison.geo.Circle(new org.liaison.geo.LatLng(cLat, cLng), 1)
            .distanceMeters(new org.liaison.geo.Circle(a.outline().get(k), 1)) + 2;
        assertThat(d).as("vertex within the Q-line radius").isLessThanOrEqualTo(radius * 1852.0);
      }

      Matcher fg = FG.matcher(lines[4]);
      assertThat(fg.matches()).as(lines[4]).isTrue();
      assertThat(feet(fg.group(1))).as("F below G").isLessThan(feet(fg.group(2)));
      assertThat(feet(fg.group(1))).isEqualTo(a.lowerFt());
    }
    assertThat(numbers).doesNotHaveDuplicates();
  }

  private static int feet(String limit) {
    if (limit.equals("SFC") || limit.equals("GND")) {
      return 0;
    }
    if (limit.equals("UNL")) {
      return Integer.MAX_VALUE;
    }
    if (limit.startsWith("FL")) {
      return Integer.parseInt(limit.substring(2)) * 100;
    }
    return Integer.parseInt(limit.substring(0, limit.indexOf("FT")));
  }
}
