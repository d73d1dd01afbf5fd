package org.liaison.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.liaison.errors.ApiException;
import org.liaison.errors.InvalidFieldException;
import org.liaison.http.Json;

class PhrasebookTest {
  private final Phrasebook book = Phrasebook.load();

  private static JsonNode json(String s) throws IOException {
    return Json.MAPPER.readTree(s.replace('\'', '"'));
  }

  private Map<String, String> render(String type, String params) throws IOException {
    Phrasebook.Type t = book.type(type, "phrase.type");
    return book.render(t, book.validate(t, json(params), "phrase.params"));
  }

  @Test
  void the_shipped_phrasebook_has_the_six_icao_languages_persian_and_turkish() {
    assertThat(book.languages()).containsExactly("en", "fr", "es", "ru", "ar", "zh-Hans", "fa", "tr");
  }

  @Test
  void a_safety_of_flight_warning_reads_the_same_in_both_languages() throws IOException {
    Map<String, String> r = render("safety-of-flight-warning",
        "{'position': {'lat': 35.4167, 'lng': -36.05}, 'altitude': {'value': 7500, 'units': 'M'}, 'heading': 90}");
    assertThat(r.get("en")).isEqualTo("SAFETY OF FLIGHT: aircraft at 35°25.002′N 036°03.000′W, altitude 7500 m WGS-84,"
        + " heading 090°. Take action to avoid it now.");
    assertThat(r.get("ru")).isEqualTo("БЕЗОПАСНОСТЬ ПОЛЁТОВ: воздушное судно в точке 35°25.002′N 036°03.000′W,"
        + " высота 7500 м WGS-84, курс 090°. Немедленно примите меры, чтобы избежать его.");
    assertThat(book.type("safety-of-flight-warning", "t").priority()).isEqualTo(Priority.SAFETY_OF_FLIGHT);
  }

  @Test
  void optional_parts_appear_only_when_their_parameters_are_given() throws IOException {
    assertThat(render("request-contact", "{}").get("en")).isEqualTo("Request for contact on this channel.");
    assertThat(render("request-contact", "{'reason': 'strike at 0600Z', 'by_time': '2015-09-30T05:30:00Z'}")
        .get("ru")).isEqualTo("Просьба выйти на связь по этому каналу до 2015-09-30 05:30Z. Причина: «strike at 0600Z».");
  }

  @Test
  void a_polygon_area_lists_its_vertices_and_links_to_the_map() throws IOException {
    Phrasebook.Type t = book.type("vacate-area", "phrase.type");
    ObjectNode p = book.validate(t, json("{'area': {'outline_polygon': {'vertices': [{'lat': 34, 'lng': 38},"
        + " {'lat': 34, 'lng': 38.1}, {'lat': 34.1, 'lng': 38.1}]}}, 'by_time': '2015-10-01T06:00:30Z',"
        + " 'notice': '2f1c7b3e-9a57-4c55-8f0e-0f3e9d4c1a11'}"), "phrase.params");
    assertThat(book.render(t, p).get("en")).isEqualTo("Request: vacate the polygon 34°00.000′N 038°00.000′E – 34°00.000′N 038°06.000′E – 34°06.000′N 038°06.000′E"
        + " by 2015-10-01 06:00:30Z. See operation notice 2f1c7b3e-9a57-4c55-8f0e-0f3e9d4c1a11.");
    assertThat(book.links(t, p)).extracting(l -> l.get("kind").asText()).containsExactly("area", "notice");
  }

  @Test
  void bad_parameters_are_400_naming_the_field() {
    Phrasebook.Type t = book.type("safety-of-flight-warning", "phrase.type");
    assertThatThrownBy(() -> book.validate(t, json("{'position': {'lat': 35, 'lng': 36}, 'altitude': {'value': 1,"
        + " 'units': 'M'}, 'heading': 360}"), "phrase.params"))
        .isInstanceOf(ApiException.class).hasMessageContaining("phrase.params.heading");
    assertThatThrownBy(() -> book.validate(t, json("{'position': {'lat': 95, 'lng': 36}, 'altitude': {'value': 1,"
        + " 'units': 'M'}, 'heading': 10}"), "phrase.params"))
        .isInstanceOf(InvalidFieldException.class).hasMessageContaining("phrase.params.position.lat");
    assertThatThrownBy(() -> book.validate(t, json("{'position': {'lat': 5, 'lng': 36}, 'heading': 10}"),
        "phrase.params")).isInstanceOf(ApiException.class).hasMessageContaining("phrase.params.altitude is missing");
    assertThatThrownBy(() -> book.validate(t, json("{'colour': 'red'}"), "phrase.params"))
        .isInstanceOf(ApiException.class).hasMessageContaining("unknown field \"colour\"");
  }

  @Test
  void a_flight_level_reads_fl_and_three_latin_digits_in_every_language_left_to_right_in_arabic() throws IOException {
    Map<String, String> r = render("remain-below-level", "{'level': 50, 'area': {'outline_circle': {'center':"
        + " {'lat': 34, 'lng': 38}, 'radius': {'value': 5000, 'units': 'M'}}}, 'until': '2015-10-01T06:00:00Z'}");
    assertThat(r.get("en")).isEqualTo("Request: remain at or below FL050 in the circle of radius 5000 m around"
        + " 34°00.000′N 038°00.000′E until 2015-10-01 06:00Z.");
    r.forEach((lang, text) -> assertThat(text).as(lang).contains("FL050"));
    assertThat(r.get("ar")).contains("\u2066\u202dFL050\u202c\u2069").contains("٢٠١٥");
    assertThat(r.get("fa")).contains("\u2066\u202dFL050\u202c\u2069");
    assertThat(render("remain-below-level", "{'level': 120.0, 'area': {'outline_circle': {'center':"
        + " {'lat': 34, 'lng': 38}, 'radius': {'value': 5000, 'units': 'M'}}}}").get("zh-Hans")).contains("FL120")
        .doesNotContain("直至");
  }

  @Test
  void a_flight_level_outside_0_to_660_or_not_whole_is_400_naming_the_parameter_and_value() throws IOException {
    Phrasebook.Type t = book.type("remain-below-level", "phrase.type");
    String area = "'area': {'outline_circle': {'center': {'lat': 34, 'lng': 38}, 'radius': {'value': 5, 'units': 'M'}}}";
    for (String bad : new String[] {"661", "-1", "120.5", "'FL120'", "1e9", "true"}) {
      assertThatThrownBy(() -> book.validate(t, json("{'level': " + bad + ", " + area + "}"), "phrase.params"))
          .as(bad).isInstanceOf(ApiException.class)
          .hasMessageContaining("phrase.params.level must be a flight level, a whole number in [0, 660]")
          .hasMessageContaining(bad.replace('\'', '"').replace("1e9", "1.0E9"));
    }
    assertThat(book.validate(t, json("{'level': 660, " + area + "}"), "p").get("level").intValue()).isEqualTo(660);
    assertThat(book.validate(t, json("{'level': 0, " + area + "}"), "p").get("level").intValue()).isZero();
  }

  @Test
  void a_phrasebook_whose_language_drops_a_parameter_is_refused() {
    String bad = "{'languages': ['en', 'ru'], 'words': " + words() + ", 'types': {'confirm-notice': {"
        + "'params': {'notice': {'type': 'notice'}},"
        + "'text': {'en': 'Confirm {notice}.', 'ru': 'Подтвердите.'}}}}";
    assertThatThrownBy(() -> Phrasebook.parse(bad.replace('\'', '"')))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("confirm-notice").hasMessageContaining("text.ru").hasMessageContaining("notice");
  }

  @Test
  void a_phrasebook_with_an_unknown_parameter_type_is_refused() {
    String bad = "{'languages': ['en'], 'words': " + words() + ", 'types': {'x': {"
        + "'params': {'when': {'type': 'moon-phase'}}, 'text': {'en': '{when}'}}}}";
    assertThatThrownBy(() -> Phrasebook.parse(bad.replace('\'', '"')))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("moon-phase");
  }

  private String words() {
    return book.describe().get("words").toString().replace('"', '\'');
  }
}
