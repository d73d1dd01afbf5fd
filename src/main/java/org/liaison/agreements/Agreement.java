package org.liaison.agreements;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * One version of an agreement's document, validated: the rules its parties deconflict under.
 * {@link AgreementFormat} reads it from JSON; {@code agreements/agreement.schema.json} describes
 * that JSON.
 *
 * @param ack the acknowledgement deadline per message priority ({@code safety-of-flight},
 *     {@code urgent}, {@code routine})
 */
public record Agreement(String title, List<String> parties, String channel, Notice notice, Separation separation,
    Map<String, Duration> ack, List<Escalation> escalation, Line line, List<String> languages) {

  public Agreement {
    parties = List.copyOf(parties);
    ack = Map.copyOf(ack);
    escalation = List.copyOf(escalation);
    languages = List.copyOf(languages);
  }

  /** Minimum notice: a default, per-party replacements, and areas needing longer notice. */
  public record Notice(Duration byDefault, Map<String, Duration> perParty, List<Area> areas) {
    public Notice {
      perParty = Map.copyOf(perParty);
      areas = List.copyOf(areas);
    }

    /** The notice {@code party} owes before a declaration that touches none of the areas. */
    public Duration forParty(String party) {
      return perParty.getOrDefault(party, byDefault);
    }
  }

  /** A circle in which declarations need at least {@code minimum} notice. */
  public record Area(String name, double lat, double lng, double radiusM, Duration minimum) {}

  /** Buffers between different parties' operations, in metres. */
  public record Separation(double horizontalM, double verticalM) {}

  /** Who is told, on which channel, {@code after} a deadline passed unacknowledged. */
  public record Escalation(Duration after, List<String> recipients, String channel) {
    public Escalation {
      recipients = List.copyOf(recipients);
    }
  }

  /**
   * When the line is staffed (UTC, {@code to} null for midnight at the end of the day), the
   * heartbeat interval each party keeps, and the silence after which a party is unreachable.
   */
  public record Line(LocalTime from, LocalTime to, Duration heartbeat, Duration unreachableAfter) {}
}
