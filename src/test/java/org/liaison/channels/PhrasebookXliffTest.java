package org.liaison.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PhrasebookXliffTest {
  private static final String CONFIRM_FR = "<segment state=\"translated\">\n"
      + "    <source>Please confirm receipt of operation notice {notice}.</source>\n"
      + "    <target>Veuillez confirmer la réception de l’avis d’opération {notice}.</target>";

  private final String file = shippedFile();

  private static String shippedFile() {
    try (InputStream in = Phrasebook.class.getClassLoader().getResourceAsStream(Phrasebook.RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void every_translation_exports_and_an_untouched_file_imports_back_to_the_same_phrasebook() {
    Phrasebook book = Phrasebook.parse(file);
    for (String lang : book.languages().subList(1, book.languages().size())) {
      String xliff = PhrasebookXliff.export(file, lang);
      assertThat(xliff).contains("version=\"2.0\"").contains("srcLang=\"en\"").contains("trgLang=\"" + lang + "\"")
          .contains("<unit id=\"type.safety-of-flight-warning\">").contains("<unit id=\"words.circle\">");
      assertThat(PhrasebookXliff.importInto(file, xliff)).as(lang).isEqualTo(file);
    }
  }

  @Test
  void a_unit_signed_off_by_a_translator_imports_as_reviewed_with_the_new_text() {
    String xliff = PhrasebookXliff.export(file, "fr");
    assertThat(xliff).contains(CONFIRM_FR);
    String signed = xliff.replace(CONFIRM_FR, "<segment state=\"final\">\n"
        + "    <source>Please confirm receipt of operation notice {notice}.</source>\n"
        + "    <target>Merci de confirmer la réception de l’avis d’opération {notice}.</target>")
        .replace("<note category=\"summary\">Ask the recipient to confirm they have seen an operation notice.</note>",
            "<note category=\"summary\">Ask the recipient to confirm they have seen an operation notice.</note>"
                + "<note category=\"reviewer\">C. Dupont</note><note category=\"review-date\">2026-12-07</note>");
    Phrasebook after = Phrasebook.parse(PhrasebookXliff.importInto(file, signed));
    Phrasebook.Type t = after.type("confirm-notice", "t");
    assertThat(t.review().get("fr")).isEqualTo(new Phrasebook.Review("reviewed", "C. Dupont", LocalDate.of(2026, 12, 7)));
    assertThat(t.text().get("fr")).startsWith("Merci de confirmer");
    // the French words are still unreviewed, so a rendering is too
    assertThat(after.review(t, "fr").status()).isEqualTo("unreviewed");
    assertThat(after.type("vacate-area", "t").review().get("fr").status()).isEqualTo("unreviewed");
    // exported again, the sign-off travels with it
    assertThat(PhrasebookXliff.export(PhrasebookXliff.importInto(file, signed), "fr"))
        .contains("<note category=\"reviewer\">C. Dupont</note>").contains("state=\"final\"");
  }

  @Test
  void a_bad_file_is_refused_naming_the_unit_and_nothing_changes() {
    String xliff = PhrasebookXliff.export(file, "fr");
    String dropped = xliff.replace("<target>Veuillez confirmer la réception de l’avis d’opération {notice}.</target>",
        "<target>Veuillez confirmer la réception.</target>");
    assertThatThrownBy(() -> PhrasebookXliff.importInto(file, dropped))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confirm-notice")
        .hasMessageContaining("text.fr").hasMessageContaining("notice");
    String unsigned = xliff.replace(CONFIRM_FR, CONFIRM_FR.replace("translated", "final"));
    assertThatThrownBy(() -> PhrasebookXliff.importInto(file, unsigned))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type.confirm-notice")
        .hasMessageContaining("reviewer");
    String unknown = xliff.replace("<unit id=\"type.confirm-notice\">", "<unit id=\"type.land-now\">");
    assertThatThrownBy(() -> PhrasebookXliff.importInto(file, unknown))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type.land-now");
    assertThatThrownBy(() -> PhrasebookXliff.importInto(file, "<xliff version=\"2.0\"><file"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("XLIFF");
    assertThatThrownBy(() -> PhrasebookXliff.export(file, "en"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("original");
    assertThatThrownBy(() -> PhrasebookXliff.export(file, "de"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"de\"");
  }
}
