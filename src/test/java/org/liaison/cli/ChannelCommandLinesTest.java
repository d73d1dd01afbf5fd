package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.liaison.http.Json;

/** How {@code liaison channel read} prints a rendering: an unreviewed translation always with its English original. */
class ChannelCommandLinesTest {
  private static JsonNode message(String rendered) throws IOException {
    return Json.MAPPER.readTree(("{'id': 'm1', 'seq': 3, 'posted': '2015-09-30T05:00:00Z', 'sender': 'usa',"
        + " 'priority': 'urgent', 'ack_deadline': null, 'deliveries': [], 'rendered': " + rendered + "}")
        .replace('\'', '"'));
  }

  @Test
  void an_unreviewed_translation_is_printed_with_its_english_original() throws IOException {
    String line = ChannelCommand.line(message("{'language': 'ar', 'text': 'تم استئناف هذه القناة.',"
        + " 'review': {'status': 'unreviewed'}, 'original': {'language': 'en', 'text': 'This channel is resumed.'}}"),
        "rus");
    assertThat(line).contains("تم استئناف هذه القناة.")
        .contains("[ar: unreviewed translation; en original: This channel is resumed.]");
  }

  @Test
  void an_original_or_reviewed_text_is_printed_alone() throws IOException {
    String line = ChannelCommand.line(message("{'language': 'en', 'text': 'This channel is resumed.',"
        + " 'review': {'status': 'original'}, 'original': null}"), "usa");
    assertThat(line).contains("This channel is resumed.").doesNotContain("unreviewed").doesNotContain("original");
  }
}
