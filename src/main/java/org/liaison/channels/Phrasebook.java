package org.liaison.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.DecimalStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.liaison.errors.ApiException;
import org.liaison.errors.Values;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.Polygon;
import org.liaison.http.Json;
import org.liaison.json.FieldErrors;
import org.liaison.json.ObjectView;
import org.liaison.json.Params;

/**
 * Structured message types with typed parameters, rendered in each supported language, so that
 * the meaning of a standard message never depends on an interpreter. Loaded from {@code
 * channels/phrasebook.json}; see the {@code about} field there for the template syntax.
 *
 * <p>Every language's text of a type must mention every parameter: a rendering never drops
 * information that another language shows.
 */
public final class Phrasebook {
  static final String RESOURCE = "channels/phrasebook.json";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
  private static final Set<String> PARAM_TYPES =
      Set.of("text", "notice", "time", "position", "altitude", "flight_level", "heading", "area");
  /** The highest flight level accepted: FL660, the upper limit of controlled airspace in Europe and most States. */
  static final int MAX_FLIGHT_LEVEL = 660;
  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /** A parameter of a message type. */
  record Param(String name, String type, boolean optional, int maxLength) {}

  /**
   * Whether a qualified translator has checked a text: {@code original} (the source language),
   * {@code unreviewed}, or {@code reviewed} with the reviewer's name and the date as data.
   */
  record Review(String status, String reviewer, LocalDate date) {
    static final Review ORIGINAL = new Review("original", null, null);
    static final Review UNREVIEWED = new Review("unreviewed", null, null);

    boolean unreviewed() {
      return status.equals("unreviewed");
    }

    /** The weaker of two reviews: a rendering is only as checked as its least checked part. */
    Review and(Review other) {
      return unreviewed() || other.status.equals("original") ? this : other;
    }

    ObjectNode json() {
      ObjectNode n = JSON.objectNode().put("status", status);
      if (reviewer != null) {
        n.put("reviewer", reviewer).put("date", date.toString());
      }
      return n;
    }
  }

  /** A message type: its default priority, parameters in order, text and review per language. */
  record Type(String name, String summary, Priority priority, Map<String, Param> params, Map<String, String> text,
      Map<String, Review> review) {}

  private final List<String> languages;
  private final Map<String, Map<String, String>> words;
  private final Map<String, Review> wordsReview;
  private final Map<String, Type> types;
  private final JsonNode source;

  private Phrasebook(List<String> languages, Map<String, Map<String, String>> words,
      Map<String, Review> wordsReview, Map<String, Type> types, JsonNode source) {
    this.languages = List.copyOf(languages);
    this.words = words;
    this.wordsReview = wordsReview;
    this.types = types;
    this.source = source;
  }

  /** The phrasebook shipped with the hub. */
  public static Phrasebook load() {
    try (InputStream in = Phrasebook.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("phrasebook resource " + RESOURCE + " is missing from the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read phrasebook resource " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads and checks a phrasebook.
   *
   * @throws IllegalArgumentException naming the type, language or parameter that is wrong
   */
  static Phrasebook parse(String json) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("phrasebook is not valid JSON: " + e.getMessage(), e);
    }
    List<String> langs = new ArrayList<>();
    root.path("languages").forEach(l -> langs.add(l.asText()));
    if (langs.isEmpty()) {
      throw new IllegalArgumentException("phrasebook names no languages");
    }
    Map<String, Map<String, String>> words = new LinkedHashMap<>();
    for (String lang : langs) {
      JsonNode w = root.path("words").path(lang);
      Map<String, String> m = new LinkedHashMap<>();
      w.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
      for (String k : List.of("M", "FT", "W84", "AMSL", "AGL", "circle", "polygon",
          "quote_open", "quote_close")) {
        if (!m.containsKey(k)) {
          throw new IllegalArgumentException("phrasebook words." + lang + " lacks \"" + k + "\"");
        }
      }
      words.put(lang, m);
    }
    Map<String, Type> types = new LinkedHashMap<>();
    JsonNode ts = root.path("types");
    if (!ts.isObject() || ts.isEmpty()) {
      throw new IllegalArgumentException("phrasebook has no types");
    }
    ts.properties().forEach(e -> types.put(e.getKey(), type(e.getKey(), e.getValue(), langs)));
    return new Phrasebook(langs, words, reviews(root.path("words_review"), langs, "phrasebook words_review"),
        types, root);
  }

  /** The review of each language; the first language is the original, every other one a translation. */
  private static Map<String, Review> reviews(JsonNode n, List<String> langs, String where) {
    Map<String, Review> out = new LinkedHashMap<>();
    for (String lang : langs) {
      JsonNode r = n.path(lang);
      String at = where + "." + lang;
      String status = r.path("status").asText("");
      boolean source = lang.equals(langs.get(0));
      Review review = switch (status) {
        case "original" -> Review.ORIGINAL;
        case "unreviewed" -> Review.UNREVIEWED;
        case "reviewed" -> {
          String reviewer = r.path("reviewer").asText("").strip();
          if (reviewer.isEmpty()) {
            throw new IllegalArgumentException(at + " is reviewed but names no reviewer");
          }
          try {
            yield new Review(status, reviewer, LocalDate.parse(r.path("date").asText("")));
          } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(at + ".date \"" + r.path("date").asText("")
                + "\" is not a YYYY-MM-DD date", e);
          }
        }
        default -> throw new IllegalArgumentException(at + ".status \"" + status
            + "\" is not one of original, unreviewed, reviewed");
      };
      if (source != (review == Review.ORIGINAL)) {
        throw new IllegalArgumentException(at + ".status is " + status + "; only the first language, "
            + langs.get(0) + ", is the original, and it is always original");
      }
      out.put(lang, review);
    }
    return out;
  }

  private static Type type(String name, JsonNode t, List<String> langs) {
    String where = "phrasebook type " + name;
    Priority priority;
    try {
      priority = Priority.parse(t.path("priority").asText("routine"), where + ".priority");
    } catch (ApiException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Map<String, Param> params = new LinkedHashMap<>();
    t.path("params").properties().forEach(p -> {
      String type = p.getValue().path("type").asText();
      if (!PARAM_TYPES.contains(type)) {
        throw new IllegalArgumentException(where + " parameter " + p.getKey() + " has unknown type \"" + type
            + "\"; known types are " + String.join(", ", PARAM_TYPES.stream().sorted().toList()));
      }
      params.put(p.getKey(), new Param(p.getKey(), type, p.getValue().path("optional").asBoolean(false),
          p.getValue().path("max_length").asInt(1000)));
    });
    Map<String, String> text = new LinkedHashMap<>();
    for (String lang : langs) {
      String tpl = t.path("text").path(lang).asText(null);
      if (tpl == null) {
        throw new IllegalArgumentException(where + " has no text in language " + lang);
      }
      Set<String> used = new java.util.HashSet<>();
      Matcher m = PLACEHOLDER.matcher(tpl);
      while (m.find()) {
        if (!params.containsKey(m.group(1))) {
          throw new IllegalArgumentException(where + " text." + lang + " uses {" + m.group(1)
              + "}, which is not one of its parameters");
        }
        used.add(m.group(1));
      }
      for (String p : params.keySet()) {
        if (!used.contains(p)) {
          throw new IllegalArgumentException(where + " text." + lang + " does not show parameter " + p
              + "; every language must show every parameter");
        }
      }
      text.put(lang, tpl);
    }
    return new Type(name, t.path("summary").asText(""), priority, params, text,
        reviews(t.path("review"), langs, where + ".review"));
  }

  List<String> languages() {
    return languages;
  }

  /** {@code lang} if the phrasebook has it, else the first language. */
  String language(String lang) {
    return languages.contains(lang) ? lang : languages.get(0);
  }

  /**
   * The first of {@code wanted} (a reader's languages, most preferred first) that the phrasebook
   * has, matched exactly or else by the language alone ({@code zh} and {@code zh-CN} read {@code
   * zh-Hans}); the original language if none is.
   */
  String firstAvailable(List<String> wanted) {
    for (String w : wanted) {
      String lang = match(w);
      if (lang != null) {
        return lang;
      }
    }
    return languages.get(0);
  }

  /** The phrasebook language a reader of {@code tag} reads, or null if it has none. */
  String match(String tag) {
    for (String lang : languages) {
      if (lang.equalsIgnoreCase(tag)) {
        return lang;
      }
    }
    for (String lang : languages) {
      if (primary(lang).equalsIgnoreCase(primary(tag))) {
        return lang;
      }
    }
    return null;
  }

  private static String primary(String tag) {
    int dash = tag.indexOf('-');
    return dash < 0 ? tag : tag.substring(0, dash);
  }

  /** The language the original texts are written in. */
  String original() {
    return languages.get(0);
  }

  /** How far a rendering of {@code type} in {@code lang} has been checked: its text and its words. */
  Review review(Type type, String lang) {
    return type.review().get(lang).and(wordsReview.get(lang));
  }

  /** Each type's and the words' review in {@code lang}, for the docs and the export. */
  Map<String, Review> reviews(String lang) {
    Map<String, Review> out = new LinkedHashMap<>();
    out.put("words", wordsReview.get(lang));
    types.values().forEach(t -> out.put(t.name(), t.review().get(lang)));
    return out;
  }

  Map<String, Type> types() {
    return types;
  }

  Type type(String name, String path) {
    Type t = types.get(name);
    if (t == null) {
      throw ApiException.badRequest("%s \"%s\" is not a phrasebook type; known types are %s",
          path, Values.truncate(name), String.join(", ", types.keySet()));
    }
    return t;
  }

  /** The phrasebook as served to clients, so they can build forms from it. */
  JsonNode describe() {
    return source;
  }

  // ------------------------------------------------------------------ validation

  /** Checks {@code params} against the type and returns them in normal form. */
  ObjectNode validate(Type type, JsonNode params, String path) {
    ObjectNode out = JSON.objectNode();
    if (params == null || params.isNull()) {
      params = JSON.objectNode();
    }
    ObjectView given = ObjectView.of(params, path).onlyKnown(type.params().keySet());
    for (Param p : type.params().values()) {
      JsonNode v = given.get(p.name());
      String vp = given.path(p.name());
      if (v == null || v.isNull()) {
        if (!p.optional()) {
          throw ApiException.badRequest("%s is missing; %s needs it", vp, type.name());
        }
        continue;
      }
      out.set(p.name(), normalize(p, v, vp));
    }
    return out;
  }

  private static JsonNode normalize(Param p, JsonNode v, String path) {
    switch (p.type()) {
      case "text" -> {
        if (!v.isTextual()) {
          throw ApiException.badRequest("%s must be a string, got %s", path, FieldErrors.describe(v));
        }
        if (v.textValue().length() > p.maxLength()) {
          throw ApiException.badRequest("%s has %d characters; at most %d are accepted",
              path, v.textValue().length(), p.maxLength());
        }
        return v;
      }
      case "notice" -> {
        if (!v.isTextual()) {
          throw ApiException.badRequest("%s must be an operation notice id (a UUID string), got %s",
              path, FieldErrors.describe(v));
        }
        return JSON.textNode(Params.uuid(v.textValue(), path).toString());
      }
      case "time" -> {
        if (!v.isTextual()) {
          throw ApiException.badRequest("%s must be an RFC 3339 date-time string, got %s", path, FieldErrors.describe(v));
        }
        return JSON.textNode(Params.instant(v.textValue(), path).toString());
      }
      case "position" -> {
        LatLng ll = latLng(ObjectView.of(v, path));
        return JSON.objectNode().put("lat", ll.lat()).put("lng", ll.lng());
      }
      case "flight_level" -> {
        if (!v.isNumber() || v.decimalValue().stripTrailingZeros().scale() > 0
            || v.decimalValue().compareTo(BigDecimal.ZERO) < 0
            || v.decimalValue().compareTo(BigDecimal.valueOf(MAX_FLIGHT_LEVEL)) > 0) {
          throw ApiException.badRequest("%s must be a flight level, a whole number in [0, %d] (120 for FL120), got %s",
              path, MAX_FLIGHT_LEVEL, FieldErrors.describe(v));
        }
        return JSON.numberNode(v.intValue());
      }
      case "heading" -> {
        if (!v.isNumber() || !(v.doubleValue() >= 0 && v.doubleValue() < 360)) {
          throw ApiException.badRequest("%s must be a number of degrees in [0, 360), got %s", path, FieldErrors.describe(v));
        }
        return JSON.numberNode(v.doubleValue());
      }
      case "altitude" -> {
        ObjectView a = ObjectView.of(v, path).onlyKnown(Set.of("value", "units", "reference"));
        JsonNode value = a.get("value");
        if (value == null || !value.isNumber() || !(value.doubleValue() >= -2000 && value.doubleValue() <= 100_000)) {
          throw ApiException.badRequest("%s.value must be a number in [-2000, 100000], got %s",
              path, FieldErrors.describe(value));
        }
        String units = a.oneOf("units", Set.of("M", "FT"));
        String ref = a.has("reference") ? a.oneOf("reference", Set.of("W84", "AMSL", "AGL")) : "W84";
        return JSON.objectNode().put("value", value.doubleValue()).put("units", units).put("reference", ref);
      }
      case "area" -> {
        return area(v, path);
      }
      default -> throw new IllegalStateException("parameter type " + p.type() + " has no validator");
    }
  }

  private static LatLng latLng(ObjectView v) {
    v.onlyKnown(Set.of("lat", "lng"));
    return LatLng.of(v.number("lat"), v.number("lng"), v.path());
  }

  /** An area in the ASTM outline forms, as notices carry them, so the map draws both alike. */
  private static JsonNode area(JsonNode json, String path) {
    ObjectView v = ObjectView.of(json, path).onlyKnown(Set.of("outline_circle", "outline_polygon"));
    boolean circle = v.has("outline_circle");
    if (circle == v.has("outline_polygon")) {
      throw ApiException.badRequest("%s must have exactly one of outline_circle and outline_polygon", path);
    }
    ObjectNode out = JSON.objectNode();
    if (circle) {
      ObjectView oc = v.obj("outline_circle");
      LatLng center = latLng(oc.obj("center"));
      ObjectView r = oc.obj("radius");
      double value = r.number("value");
      String units = r.string("units");
      if (!units.equals("M")) {
        throw r.invalid("units", units, "is not supported; use \"M\"");
      }
      Circle c = Circle.of(center, value, oc.path());
      ObjectNode o = out.putObject("outline_circle");
      o.putObject("center").put("lat", c.center().lat()).put("lng", c.center().lng());
      o.putObject("radius").put("value", c.radiusM()).put("units", "M");
    } else {
      ObjectView op = v.obj("outline_polygon");
      List<LatLng> points = new ArrayList<>();
      for (ObjectView vertex : op.array("vertices").objects()) {
        points.add(latLng(vertex));
      }
      Polygon poly = Polygon.of(points, op.path());
      ArrayNode arr = out.putObject("outline_polygon").putArray("vertices");
      poly.vertices().forEach(ll -> arr.addObject().put("lat", ll.lat()).put("lng", ll.lng()));
    }
    return out;
  }

  // ------------------------------------------------------------------ rendering

  /** The text of a validated phrase in every language, in phrasebook order. */
  Map<String, String> render(Type type, JsonNode params) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String lang : languages) {
      out.put(lang, fill(type.text().get(lang), type, params, new Words(words.get(lang), locale(lang))));
    }
    return out;
  }

  /** A language's words and the locale its numbers and times are written in. */
  record Words(Map<String, String> words, Locale locale) {
    String get(String key) {
      return words.get(key);
    }

    /**
     * {@code s}, which reads left to right (an id, a time, a position), isolated inside
     * right-to-left text and held left to right (Unicode LRI, LRO … PDF, PDI). The isolate keeps
     * the text around it in place; the override is needed because Arabic-Indic digits are Arabic
     * numbers to the bidi algorithm, and the hyphens of a date between them would read right to left.
     */
    String ltr(String s) {
      return RTL.contains(locale.getLanguage()) ? "\u2066\u202d" + s + "\u202c\u2069" : s;
    }
  }

  /** Languages written right to left. */
  static final Set<String> RTL = Set.of("ar", "fa", "he", "ur");

  static Locale locale(String lang) {
    return Locale.forLanguageTag(lang);
  }

  private static String fill(String tpl, Type type, JsonNode params, Words w) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < tpl.length()) {
      int open = tpl.indexOf('[', i);
      if (open < 0) {
        sb.append(substitute(tpl.substring(i), type, params, w));
        break;
      }
      int close = tpl.indexOf(']', open);
      if (close < 0) {
        close = tpl.length();
      }
      sb.append(substitute(tpl.substring(i, open), type, params, w));
      String optional = tpl.substring(open + 1, close);
      Matcher m = PLACEHOLDER.matcher(optional);
      boolean all = true;
      while (m.find()) {
        JsonNode v = params.get(m.group(1));
        all &= v != null && !v.isNull();
      }
      if (all) {
        sb.append(substitute(optional, type, params, w));
      }
      i = close + 1;
    }
    return sb.toString();
  }

  private static String substitute(String s, Type type, JsonNode params, Words w) {
    Matcher m = PLACEHOLDER.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      JsonNode v = params.get(m.group(1));
      String rendered = v == null || v.isNull() ? "" : value(type.params().get(m.group(1)).type(), v, w);
      m.appendReplacement(sb, Matcher.quoteReplacement(rendered));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String value(String type, JsonNode v, Words w) {
    return switch (type) {
      case "text" -> w.get("quote_open") + v.textValue() + w.get("quote_close");
      case "notice" -> w.ltr(v.textValue());
      case "time" -> w.ltr(time(Instant.parse(v.textValue()), w.locale()));
      case "position" -> w.ltr(position(v));
      case "flight_level" -> w.ltr(flightLevel(v.intValue()));
      case "heading" -> {
        double h = v.doubleValue();
        yield (h == Math.rint(h) ? new DecimalFormat("000", DecimalFormatSymbols.getInstance(w.locale())).format(h)
            : number(h, w.locale())) + "°";
      }
      case "altitude" -> number(v.get("value").doubleValue(), w.locale()) + w.get(v.get("units").textValue()) + " "
          + w.get(v.get("reference").textValue());
      case "area" -> {
        if (v.has("outline_circle")) {
          JsonNode c = v.get("outline_circle");
          yield w.get("circle").replace("{radius}", number(c.get("radius").get("value").doubleValue(), w.locale())
              + w.get("M")).replace("{center}", w.ltr(position(c.get("center"))));
        }
        List<String> pts = new ArrayList<>();
        v.get("outline_polygon").get("vertices").forEach(p -> pts.add(w.ltr(position(p))));
        yield w.get("polygon").replace("{vertices}", String.join(" – ", pts));
      }
      default -> throw new IllegalStateException("parameter type " + type + " has no renderer");
    };
  }

  /** UTC, to the minute when that is exact, in the locale's digits. */
  static String time(Instant t, Locale locale) {
    DateTimeFormatter f = t.getEpochSecond() % 60 == 0 && t.getNano() == 0 ? MINUTES : SECONDS;
    return f.withDecimalStyle(DecimalStyle.of(locale)).format(t);
  }

  /**
   * The aviation convention in every language, so a position reads the same to every crew:
   * degrees and decimal minutes to a thousandth of a minute (under 2 m), hemisphere letter last,
   * Latin digits and letters.
   */
  static String position(JsonNode p) {
    return dm(p.get("lat").doubleValue(), 2, 'N', 'S') + " " + dm(p.get("lng").doubleValue(), 3, 'E', 'W');
  }

  /**
   * The aviation convention in every language, like a position: {@code FL} and three Latin
   * digits ({@code FL050}, {@code FL120}), as crews read and say it whatever their language.
   */
  static String flightLevel(int level) {
    return String.format(Locale.ROOT, "FL%03d", level);
  }

  private static String dm(double deg, int width, char plus, char minus) {
    long thousandths = Math.round(Math.abs(deg) * 60_000);
    long d = thousandths / 60_000;
    long m = thousandths % 60_000;
    return String.format(Locale.ROOT, "%0" + width + "d°%02d.%03d′%c", d, m / 1000, m % 1000, deg >= 0 ? plus : minus);
  }

  /** At most six decimals (about 0.1 m of latitude), in the locale's digits and separators, no grouping. */
  static String number(double d, Locale locale) {
    NumberFormat f = NumberFormat.getNumberInstance(locale);
    f.setGroupingUsed(false);
    f.setMaximumFractionDigits(6);
    f.setRoundingMode(RoundingMode.HALF_UP);
    return f.format(BigDecimal.valueOf(d));
  }

  /** What a phrase's parameters point at on the map: operation notices, areas and positions. */
  ArrayNode links(Type type, JsonNode params) {
    ArrayNode out = JSON.arrayNode();
    for (Param p : type.params().values()) {
      JsonNode v = params.get(p.name());
      if (v == null || v.isNull()) {
        continue;
      }
      switch (p.type()) {
        case "notice" -> out.addObject().put("param", p.name()).put("kind", "notice").put("id", v.textValue())
            .put("href", "/dss/v1/operational_intent_references/" + v.textValue());
        case "area" -> out.addObject().put("param", p.name()).put("kind", "area").set("outline", v);
        case "position" -> out.addObject().put("param", p.name()).put("kind", "position").set("point", v);
        default -> {
          // other parameters have no place on the map
        }
      }
    }
    return out;
  }
}
