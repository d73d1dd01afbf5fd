package org.liaison.demo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A day to play: parties, channels, hotspots where operations cluster, the operation mix,
 * restrictions and scripted events. Read from JSON; the built-in day is {@code demo/levant-day.json}.
 */
public record Scenario(
    String name,
    String description,
    long seed,
    Region region,
    String start,
    int hours,
    List<PartySpec> parties,
    List<ChannelSpec> channels,
    List<Hotspot> hotspots,
    Operations operations,
    List<RestrictionSpec> restrictions,
    List<EventSpec> events) {

  public record Region(double south, double west, double north, double east) {}

  /** A party; {@code languages} are its reading languages, most preferred first. */
  public record PartySpec(String id, String name, String role, List<String> languages, int priority, String color) {
    public PartySpec(String id, String name, String role, String language, int priority, String color) {
      this(id, name, role, List.of(language), priority, color);
    }

    public PartySpec {
      languages = languages == null || languages.isEmpty() ? List.of("en") : List.copyOf(languages);
      // The colour goes into the report's markup: only a colour, never anything else.
      if (color != null && !color.matches("#[0-9A-Fa-f]{3}|#[0-9A-Fa-f]{6}")) {
        throw new IllegalArgumentException("color \"" + (color.length() > 40 ? color.substring(0, 40) + "…" : color)
            + "\" of party \"" + id + "\" is not a #rgb or #rrggbb colour");
      }
    }
  }

  public record ChannelSpec(String name, String kind, List<String> members, String escalation) {}

  public record Hotspot(String name, double lat, double lng, double radiusKm) {}

  public record Operations(int count, List<Integer> leadMinutes, Map<String, Kind> kinds) {}

  /** One kind of operation: its share of the day, who flies it, and its size. */
  public record Kind(
      double share,
      List<String> parties,
      List<Integer> minutes,
      List<Double> altitudeM,
      List<Double> sizeKm,
      List<Double> radiusKm) {}

  /** A circle in a restriction. */
  public record CircleSpec(double lat, double lng, double radiusKm) {}

  public record RestrictionSpec(
      String at,
      String name,
      String party,
      double hours,
      List<Double> altitudeM,
      List<List<Double>> polygon,
      CircleSpec circle,
      boolean forcesReplan) {}

  public record EventSpec(
      String at,
      String type,
      String party,
      String warn,
      String channel,
      Integer leadMinutes,
      Integer ackAfterMinutes,
      Integer minutes,
      Boolean disputed,
      String about,
      String text) {}

  static final ObjectMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /** The built-in day. */
  public static Scenario builtIn() {
    try (InputStream in = Scenario.class.getResourceAsStream("/demo/levant-day.json")) {
      return MAPPER.readValue(in, Scenario.class);
    } catch (IOException e) {
      throw new IllegalStateException("built-in scenario unreadable", e);
    }
  }

  /** Reads a scenario file; the message names the file and the bad field. */
  public static Scenario read(Path file) {
    try {
      return MAPPER.readValue(Files.readAllBytes(file), Scenario.class);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException("scenario " + file + ": " + e.getOriginalMessage()
          + " at " + e.getPathReference(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("scenario " + file + ": " + e.getMessage(), e);
    }
  }
}
