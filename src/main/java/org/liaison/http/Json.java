package org.liaison.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
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

  private Json() {}

  /** The request body as JSON; 400 naming the line and column when it is malformed. */
  public static JsonNode body(Context ctx) {
    String text = ctx.body();
    if (text.isBlank()) {
      throw ApiException.badRequest("request body is empty; a JSON object is expected");
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : String.format(" at line %d, column %d", e.getLocation().getLineNr(), e.getLocation().getColumnNr());
      throw ApiException.badRequest("malformed JSON%s: %s", where, e.getOriginalMessage());
    }
  }

  public static void send(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response not serializable", e);
    }
  }
}
