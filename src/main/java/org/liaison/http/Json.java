package org.liaison.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.liaison.errors.ApiException;

/** Request bodies in, response bodies out, with one shared mapper. */
public final class Json {
  /** Strict: duplicate keys, trailing tokens and deep nesting are refused. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(100).build());
  }

  private static final Pattern HINT = Pattern.compile(": enable `[^`]*` to allow");
  private static final Pattern SETTING = Pattern.compile(", from `[^`]*`\\)");

  private Json() {}

  /** The request body as JSON; 400 naming the line and column when it is malformed. */
  public static JsonNode body(Context ctx) {
    return body(ctx.bodyAsBytes());
  }

  /** As {@link #body(Context)}, for a body already read. */
  public static JsonNode body(byte[] bytes) {
    JsonParser parser;
    try {
      // Most bodies are ASCII: those need no decoding check, and the parser reads their bytes
      // (line and column are the same in bytes and characters).
      if (ascii(bytes)) {
        if (blank(bytes)) {
          throw ApiException.badRequest("request body is empty; a JSON object is expected");
        }
        parser = MAPPER.createParser(bytes);
      } else {
        String text = utf8(bytes);
        if (text.isBlank()) {
          throw ApiException.badRequest("request body is empty; a JSON object is expected");
        }
        parser = MAPPER.createParser(text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("opening a parser over a request body held in memory", e);
    }
    try (parser) {
      return MAPPER.readTree(parser);
    } catch (JsonProcessingException e) {
      // Limits on nesting and number length are reported without a location; the parser has one.
      JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
      throw ApiException.badRequest("malformed JSON at line %d, column %d: %s",
          at.getLineNr(), at.getColumnNr(), withoutHints(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException("reading a request body held in memory", e);
    }
  }

  private static boolean ascii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /** As {@link String#isBlank} for ASCII text. */
  private static boolean blank(byte[] ascii) {
    for (byte b : ascii) {
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  /** Jackson's advice names its own settings ("enable `JsonReadFeature...`"), which no client can change. */
  private static String withoutHints(String message) {
    return HINT.matcher(SETTING.matcher(message).replaceAll(")")).replaceAll("");
  }

  /**
   * Strict UTF-8, as RFC 8259 requires of JSON on the wire. A lenient decoder would store U+FFFD
   * in place of what the client sent, or let an overlong encoding of '/' through as '/'.
   */
  private static String utf8(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = decoder.decode(in, out, true);
    if (!r.isError()) {
      r = decoder.flush(out);
    }
    if (r.isError()) {
      int at = in.position();
      String before = new String(bytes, Math.max(0, at - 40), Math.min(at, 40), StandardCharsets.UTF_8);
      throw ApiException.badRequest("request body is not valid UTF-8: byte 0x%02X at offset %d, after \"%s\"",
          bytes[at] & 0xff, at, before);
    }
    return out.flip().toString();
  }

  /** {@code json} is an answer already written as JSON bytes. */
  public static void sendBytes(Context ctx, int status, byte[] json) {
    ctx.status(status).contentType("application/json").result(json);
  }

  public static void send(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response not serializable", e);
    }
  }
}
