package org.liaison.channels;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import net.sf.okapi.lib.xliff2.XLIFFException;
import net.sf.okapi.lib.xliff2.core.Note;
import net.sf.okapi.lib.xliff2.core.Segment;
import net.sf.okapi.lib.xliff2.core.StartFileData;
import net.sf.okapi.lib.xliff2.core.TargetState;
import net.sf.okapi.lib.xliff2.core.Unit;
import net.sf.okapi.lib.xliff2.reader.Event;
import net.sf.okapi.lib.xliff2.reader.XLIFFReader;
import net.sf.okapi.lib.xliff2.writer.XLIFFWriter;
import org.liaison.http.Json;

/**
 * One language of the phrasebook as an XLIFF 2.0 file, for a translator to review and bring back.
 * Each type's text is a unit {@code type.NAME}, each word a unit {@code words.KEY}; the English
 * original is the source. A unit the translator signs off has state {@code final} and two notes,
 * category {@code reviewer} (a name) and {@code review-date} (YYYY-MM-DD): that becomes the
 * {@code reviewed} status with that reviewer and date. Any other state imports as {@code
 * unreviewed}. The words of a language share one review: all of them must be signed off together.
 */
public final class PhrasebookXliff {
  private static final String REVIEWER = "reviewer";
  private static final String DATE = "review-date";

  private PhrasebookXliff() {}

  /** The phrasebook shipped with the hub, as its source text. */
  public static String shipped() {
    return Phrasebook.load().describe().toString();
  }

  /**
   * {@code lang} of {@code phrasebookJson} as XLIFF 2.0.
   *
   * @throws IllegalArgumentException if the phrasebook lacks {@code lang} or it is the original
   */
  public static String export(String phrasebookJson, String lang) {
    Phrasebook book = Phrasebook.parse(phrasebookJson);
    JsonNode root = book.describe();
    String en = book.original();
    requireTranslation(book, lang);
    StringWriter out = new StringWriter();
    try (XLIFFWriter w = new XLIFFWriter()) {
      w.setLineBreak("\n");
      w.setUseIndentation(true);
      w.create(out, en, lang);
      w.writeStartFile(new StartFileData("phrasebook"));
      for (var e : book.types().entrySet()) {
        w.writeUnit(unit("type." + e.getKey(), e.getValue().text().get(en), e.getValue().text().get(lang),
            e.getValue().review().get(lang), e.getValue().summary()));
      }
      Phrasebook.Review words = book.reviews(lang).get("words");
      root.path("words").path(en).properties().forEach(e -> w.writeUnit(unit("words." + e.getKey(),
          e.getValue().asText(), root.path("words").path(lang).path(e.getKey()).asText(), words, null)));
      w.writeEndFile();
    }
    return out.toString();
  }

  private static Unit unit(String id, String source, String target, Phrasebook.Review review, String summary) {
    Unit u = new Unit(id);
    if (summary != null && !summary.isEmpty()) {
      Note n = new Note(summary);
      n.setCategory("summary");
      u.addNote(n);
    }
    if (review.status().equals("reviewed")) {
      u.addNote(note(REVIEWER, review.reviewer()));
      u.addNote(note(DATE, review.date().toString()));
    }
    Segment s = u.appendSegment();
    s.setSource(source);
    s.setTarget(target);
    s.setState(review.status().equals("reviewed") ? TargetState.FINAL : TargetState.TRANSLATED);
    return u;
  }

  private static Note note(String category, String text) {
    Note n = new Note(text);
    n.setCategory(category);
    return n;
  }

  private static void requireTranslation(Phrasebook book, String lang) {
    if (!book.languages().contains(lang)) {
      throw new IllegalArgumentException("language \"" + lang + "\" is not in the phrasebook; it has "
          + String.join(", ", book.languages()));
    }
    if (lang.equals(book.original())) {
      throw new IllegalArgumentException(lang + " is the original language; only translations are exported");
    }
  }

  /**
   * {@code phrasebookJson} with the texts and reviews of the XLIFF file's target language replaced
   * by the file's. The result is checked as the hub checks it at start.
   *
   * @throws IllegalArgumentException naming the unit that is wrong; nothing is changed then
   */
  public static String importInto(String phrasebookJson, String xliff) {
    Phrasebook book = Phrasebook.parse(phrasebookJson);
    ObjectNode root = book.describe().deepCopy();
    String lang = null;
    Map<String, Unit> units = new LinkedHashMap<>();
    try (XLIFFReader r = new XLIFFReader()) {
      r.open(new ByteArrayInputStream(xliff.getBytes(StandardCharsets.UTF_8)));
      while (r.hasNext()) {
        Event e = r.next();
        if (e.isStartXliff()) {
          lang = e.getStartXliffData().getTargetLanguage();
          if (!book.original().equals(e.getStartXliffData().getSourceLanguage())) {
            throw new IllegalArgumentException("the file's source language is " + e.getStartXliffData().getSourceLanguage()
                + "; the phrasebook's original is " + book.original());
          }
        } else if (e.isUnit()) {
          units.put(e.getUnit().getId(), e.getUnit());
        }
      }
    } catch (XLIFFException e) {
      throw new IllegalArgumentException("not a valid XLIFF 2.0 file: " + e.getMessage(), e);
    }
    if (lang == null) {
      throw new IllegalArgumentException("the file names no target language (trgLang)");
    }
    requireTranslation(book, lang);
    Phrasebook.Review words = null;
    for (Unit u : units.values()) {
      String id = u.getId();
      if (u.getSegmentCount() != 1 || !u.getSegment(0).hasTarget()) {
        throw new IllegalArgumentException("unit " + id + " must have exactly one segment with a target");
      }
      String target = u.getSegment(0).getTarget().getPlainText();
      Phrasebook.Review review = review(u);
      if (id.startsWith("type.") && root.path("types").has(id.substring(5))) {
        ObjectNode t = (ObjectNode) root.path("types").get(id.substring(5));
        ((ObjectNode) t.get("text")).put(lang, target);
        ((ObjectNode) t.get("review")).set(lang, review.json());
      } else if (id.startsWith("words.") && root.path("words").path(lang).has(id.substring(6))) {
        ((ObjectNode) root.path("words").get(lang)).put(id.substring(6), target);
        if (words != null && !words.equals(review)) {
          throw new IllegalArgumentException("unit " + id + " has another review than the other words units;"
              + " the words of a language are reviewed together");
        }
        words = review;
      } else {
        throw new IllegalArgumentException("unit " + id + " is not a type or a word of the phrasebook");
      }
    }
    if (words != null) {
      ((ObjectNode) root.get("words_review")).set(lang, words.json());
    }
    String out = write(root);
    Phrasebook.parse(out);
    return out;
  }

  private static Phrasebook.Review review(Unit u) {
    String reviewer = null;
    String date = null;
    for (Note n : u.getNotes()) {
      if (REVIEWER.equals(n.getCategory())) {
        reviewer = n.getText().strip();
      } else if (DATE.equals(n.getCategory())) {
        date = n.getText().strip();
      }
    }
    if (u.getSegment(0).getState() != TargetState.FINAL) {
      return Phrasebook.Review.UNREVIEWED;
    }
    if (reviewer == null || reviewer.isEmpty() || date == null) {
      throw new IllegalArgumentException("unit " + u.getId() + " is final but lacks a note of category " + REVIEWER
          + " (the translator's name) or " + DATE + " (YYYY-MM-DD)");
    }
    try {
      return new Phrasebook.Review("reviewed", reviewer, LocalDate.parse(date));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("unit " + u.getId() + " review-date \"" + date + "\" is not YYYY-MM-DD", e);
    }
  }

  /** {@code json} laid out as the phrasebook file is kept in the sources. */
  public static String write(String json) {
    try {
      return write(Json.MAPPER.readTree(json));
    } catch (IOException e) {
      throw new IllegalArgumentException("phrasebook is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** The phrasebook file as it is kept in the sources: two-space indent, one field per line. */
  static String write(JsonNode root) {
    DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return Json.MAPPER.writer(pp).writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
