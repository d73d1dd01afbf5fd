package org.liaison.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.liaison.errors.ApiException;

/**
 * Parameters are written in each language's digits and separators, checked against the JDK's own
 * locale data; positions stay in the aviation convention whatever the language.
 */
class PhrasebookFormatProperties {
  private static final Phrasebook BOOK = Phrasebook.load();
  private static final Pattern DM = Pattern.compile("(\\d{2})°(\\d{2})\\.(\\d{3})′([NS]) (\\d{3})°(\\d{2})\\.(\\d{3})′([EW])");

  @Provide
  Arbitrary<String> languages() {
    return Arbitraries.of(BOOK.languages());
  }

  @Provide
  Arbitrary<BigDecimal> altitudes() {
    return Arbitraries.bigDecimals().between(new BigDecimal("-2000"), new BigDecimal("100000")).ofScale(7);
  }

  /** {@code ascii} with each ASCII digit written in the locale's digits. */
  private static String inDigits(String ascii, Locale locale) {
    char zero = DecimalFormatSymbols.getInstance(locale).getZeroDigit();
    StringBuilder sb = new StringBuilder();
    for (char c : ascii.toCharArray()) {
      sb.append(c >= '0' && c <= '9' ? (char) (zero + (c - '0')) : c);
    }
    return sb.toString();
  }

  private static boolean digitsOnlyFrom(String s, Locale locale) {
    char zero = DecimalFormatSymbols.getInstance(locale).getZeroDigit();
    return s.chars().filter(Character::isDigit).allMatch(c -> c >= zero && c <= zero + 9);
  }

  @Property(tries = 400)
  void a_number_reads_back_through_the_jdk_parser_of_its_locale(@ForAll("altitudes") BigDecimal value,
      @ForAll("languages") String lang) throws ParseException {
    Locale locale = Phrasebook.locale(lang);
    String s = Phrasebook.number(value.doubleValue(), locale);
    BigDecimal expected = BigDecimal.valueOf(value.doubleValue()).setScale(6, RoundingMode.HALF_UP);
    NumberFormat parser = NumberFormat.getNumberInstance(locale);
    Number back = parser.parse(s);
    assertThat(new BigDecimal(back.toString()).setScale(6, RoundingMode.HALF_UP)).as(s).isEqualByComparingTo(expected);
    assertThat(digitsOnlyFrom(s, locale)).as(s).isTrue();
    if (expected.scale() > 0 && expected.stripTrailingZeros().scale() > 0) {
      assertThat(s).contains(String.valueOf(DecimalFormatSymbols.getInstance(locale).getDecimalSeparator()));
    }
  }

  @Property(tries = 300)
  void a_time_is_utc_in_the_locale_digits(@ForAll @LongRange(min = 0, max = 4_102_444_800L) long seconds,
      @ForAll @IntRange(min = 0, max = 1) int wholeMinute, @ForAll("languages") String lang) {
    Instant t = Instant.ofEpochSecond(wholeMinute == 1 ? seconds - seconds % 60 : seconds);
    // the model: the ISO-8601 form the JDK writes, without the T, seconds only when not zero
    String iso = t.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toLocalDateTime().toString();
    String model = iso.replace('T', ' ');
    if (model.length() == 16 || model.endsWith(":00") && t.getEpochSecond() % 60 == 0) {
      model = model.substring(0, 16);
    }
    model = model + "Z";
    assertThat(Phrasebook.time(t, Phrasebook.locale(lang))).isEqualTo(inDigits(model, Phrasebook.locale(lang)));
  }

  @Property(tries = 300)
  void a_whole_heading_has_three_digits_in_the_locale_digits(@ForAll @IntRange(min = 0, max = 359) int heading,
      @ForAll("languages") String lang) {
    Phrasebook.Type t = BOOK.type("safety-of-flight-warning", "t");
    ObjectNode p = JsonNodeFactory.instance.objectNode().put("heading", heading);
    p.putObject("position").put("lat", 1).put("lng", 2);
    p.putObject("altitude").put("value", 100).put("units", "M");
    String text = BOOK.render(t, BOOK.validate(t, p, "p")).get(lang);
    assertThat(text).contains(inDigits(String.format(Locale.ROOT, "%03d", heading), Phrasebook.locale(lang)) + "°");
  }

  @Property(tries = 400)
  void a_position_is_degrees_and_minutes_in_every_language_and_reads_back_within_two_metres(
      @ForAll @DoubleRange(min = -90, max = 90) double lat, @ForAll @DoubleRange(min = -180, max = 180) double lng) {
    Phrasebook.Type t = BOOK.type("safety-of-flight-warning", "t");
    ObjectNode p = JsonNodeFactory.instance.objectNode().put("heading", 90);
    p.putObject("position").put("lat", lat).put("lng", lng);
    p.putObject("altitude").put("value", 100).put("units", "M");
    Map<String, String> r = BOOK.render(t, BOOK.validate(t, p, "p"));
    Matcher en = DM.matcher(r.get("en"));
    assertThat(en.find()).as(r.get("en")).isTrue();
    String position = en.group();
    r.forEach((lang, text) -> assertThat(text).as(lang).contains(position));
    double backLat = (Integer.parseInt(en.group(1)) + (Integer.parseInt(en.group(2)) + Integer.parseInt(en.group(3)) / 1000.0) / 60)
        * (en.group(4).equals("N") ? 1 : -1);
    double backLng = (Integer.parseInt(en.group(5)) + (Integer.parseInt(en.group(6)) + Integer.parseInt(en.group(7)) / 1000.0) / 60)
        * (en.group(8).equals("E") ? 1 : -1);
    // half a thousandth of a minute is under a metre of latitude
    assertThat(Math.abs(backLat - lat)).isLessThanOrEqualTo(1 / 120_000.0 + 1e-12);
    assertThat(Math.abs(backLng - lng)).isLessThanOrEqualTo(1 / 120_000.0 + 1e-12);
    assertThat(Integer.parseInt(en.group(2))).isLessThan(60);
    assertThat(Integer.parseInt(en.group(6))).isLessThan(60);
  }

  private static final ObjectNode CIRCLE = (ObjectNode) JsonNodeFactory.instance.objectNode()
      .set("outline_circle", JsonNodeFactory.instance.objectNode().<ObjectNode>set("center",
          JsonNodeFactory.instance.objectNode().put("lat", 34).put("lng", 38))
          .set("radius", JsonNodeFactory.instance.objectNode().put("value", 500).put("units", "M")));

  @Property(tries = 300)
  void a_flight_level_is_fl_and_three_ascii_digits_in_every_language(
      @ForAll @IntRange(min = 0, max = 660) int level) {
    Phrasebook.Type t = BOOK.type("remain-below-level", "t");
    ObjectNode p = JsonNodeFactory.instance.objectNode().put("level", level).set("area", CIRCLE);
    // the model: the level in hundreds of feet, zero-padded, as ICAO Doc 4444 writes it
    String model = "FL" + (level < 100 ? "0" : "") + (level < 10 ? "0" : "") + Integer.toString(level);
    BOOK.render(t, BOOK.validate(t, p, "p")).forEach((lang, text) -> {
      Matcher fl = Pattern.compile("FL(\\p{Nd}+)").matcher(text);
      assertThat(fl.find()).as(text).isTrue();
      assertThat(fl.group()).as(lang).isEqualTo(model);
      if (Phrasebook.RTL.contains(Phrasebook.locale(lang).getLanguage())) {
        assertThat(text).as(lang).contains("\u2066\u202d" + model + "\u202c\u2069");
      }
    });
  }

  @Property(tries = 300)
  void a_flight_level_outside_the_table_or_with_a_fraction_is_refused(
      @ForAll @DoubleRange(min = -100_000, max = 100_000) double level) {
    Phrasebook.Type t = BOOK.type("remain-below-level", "t");
    ObjectNode p = JsonNodeFactory.instance.objectNode().put("level", level).set("area", CIRCLE);
    boolean valid = level == Math.rint(level) && level >= 0 && level <= 660;
    if (valid) {
      assertThat(BOOK.validate(t, p, "p").get("level").intValue()).isEqualTo((int) level);
    } else {
      assertThatThrownBy(() -> BOOK.validate(t, p, "p")).isInstanceOf(ApiException.class)
          .hasMessageContaining("p.level must be a flight level").hasMessageContaining(p.get("level").toString());
    }
  }
}
