package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.channels.PhrasebookXliff;
import picocli.CommandLine;

class PhrasebookCommandTest {
  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void a_language_goes_out_as_xliff_and_comes_back_signed_off() throws IOException {
    Path book = dir.resolve("phrasebook.json");
    Files.writeString(book, PhrasebookXliff.write(PhrasebookXliff.shipped()));
    Path xliff = dir.resolve("ar.xlf");
    assertThat(run("phrasebook", "export", "--lang", "ar", "--phrasebook", book.toString(), "-o", xliff.toString()))
        .as(err.toString()).isZero();
    String x = Files.readString(xliff);
    assertThat(x).contains("trgLang=\"ar\"").contains("تم استئناف هذه القناة.");

    String signed = x.replace("<segment state=\"translated\">\n    <source>This channel is resumed.</source>",
        "<segment state=\"final\">\n    <source>This channel is resumed.</source>")
        .replace("<note category=\"summary\">Resume this channel after a suspension.</note>",
            "<note category=\"summary\">Resume this channel after a suspension.</note>"
                + "<note category=\"reviewer\">N. Haddad</note><note category=\"review-date\">2026-12-07</note>");
    assertThat(signed).isNotEqualTo(x);
    Files.writeString(xliff, signed);
    assertThat(run("phrasebook", "import", xliff.toString(), "--phrasebook", book.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).contains("updated " + book);
    assertThat(Files.readString(book)).contains("\"reviewer\": \"N. Haddad\"");
  }

  @Test
  void a_bad_language_or_file_is_refused_and_the_phrasebook_is_unchanged() throws IOException {
    assertThat(run("phrasebook", "export", "--lang", "de")).isEqualTo(2);
    assertThat(err.toString()).contains("\"de\" is not in the phrasebook");
    Path book = dir.resolve("phrasebook.json");
    String before = PhrasebookXliff.write(PhrasebookXliff.shipped());
    Files.writeString(book, before);
    Path xliff = dir.resolve("broken.xlf");
    Files.writeString(xliff, "<xliff");
    assertThat(run("phrasebook", "import", xliff.toString(), "--phrasebook", book.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("broken.xlf").contains("is unchanged");
    assertThat(Files.readString(book)).isEqualTo(before);
  }
}
