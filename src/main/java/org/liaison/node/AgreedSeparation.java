package org.liaison.node;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.liaison.client.AgreementInForce;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The separation buffers this node's party has agreed with each other party: for every pair, the
 * widest horizontal and vertical buffers of the agreements in force that both are party to, as the
 * hub last served them. A failed fetch keeps what was fetched before (the agreements did not
 * lapse because the hub is unreachable) and says so; before any fetch there is nothing agreed, and
 * the node's own defaults apply.
 */
final class AgreedSeparation {
  private static final Logger log = LoggerFactory.getLogger(AgreedSeparation.class);
  /** How often the node asks the hub; an operator can ask for a refresh at once. */
  static final Duration REFRESH = Duration.ofSeconds(30);

  /**
   * The buffers agreed with one party, and the agreements that set them: each with the
   * dimensions ({@code horizontal_m}, {@code vertical_m}) in which it is the widest.
   */
  record Agreed(double horizontalM, double verticalM, List<Setter> from) {
    Agreed {
      from = List.copyOf(from);
    }
  }

  /** An agreement version and the buffers it set. */
  record Setter(AgreementInForce agreement, List<String> sets) {
    Setter {
      sets = List.copyOf(sets);
    }
  }

  /**
   * What the node knows: buffers per other party, the agreements they came from, when they were
   * fetched (null: never), and the last failure since (null: none).
   */
  record Snapshot(Map<String, Agreed> byParty, List<AgreementInForce> inForce, Instant fetched, String error,
      Instant failed) {
    static final Snapshot NONE = new Snapshot(Map.of(), List.of(), null, null, null);

    Snapshot {
      byParty = Map.copyOf(byParty);
      inForce = List.copyOf(inForce);
    }

    /** A sentence for people when the buffers may not be the hub's current ones, else null. */
    String note() {
      if (error == null) {
        return null;
      }
      return fetched == null
          ? "the hub's agreements could not be fetched (" + error + "); the node's own buffers apply"
          : "agreements as fetched at " + fetched + "; the hub has not answered since " + failed + " (" + error + ")";
    }
  }

  private final String party;
  private final Supplier<List<AgreementInForce>> fetch;
  private final Clock clock;
  private volatile Snapshot current = Snapshot.NONE;

  AgreedSeparation(String party, Supplier<List<AgreementInForce>> fetch, Clock clock) {
    this.party = party;
    this.fetch = fetch;
    this.clock = clock;
  }

  Snapshot current() {
    return current;
  }

  /** Asks the hub for the agreements in force; never throws (a scheduled task must not die). */
  Snapshot refresh() {
    Snapshot before = current;
    try {
      List<AgreementInForce> all = fetch.get();
      current = new Snapshot(combine(party, all), all, clock.instant(), null, null);
    } catch (RuntimeException e) {
      String why = Assessor.why(e);
      if (before.error() == null) {
        log.warn("could not fetch the agreements in force from the hub: {}", why);
      }
      current = new Snapshot(before.byParty(), before.inForce(), before.fetched(), why, clock.instant());
    }
    return current;
  }

  /** For each other party, the widest buffers of the agreements binding it and {@code self}. */
  static Map<String, Agreed> combine(String self, List<AgreementInForce> all) {
    Map<String, List<AgreementInForce>> byParty = new TreeMap<>();
    for (AgreementInForce a : all) {
      if (!a.parties().contains(self)) {
        continue;
      }
      for (String p : a.parties()) {
        if (!p.equals(self)) {
          byParty.computeIfAbsent(p, k -> new ArrayList<>()).add(a);
        }
      }
    }
    Map<String, Agreed> out = new TreeMap<>();
    byParty.forEach((p, as) -> {
      double h = as.stream().mapToDouble(AgreementInForce::horizontalM).max().orElseThrow();
      double v = as.stream().mapToDouble(AgreementInForce::verticalM).max().orElseThrow();
      List<Setter> from = new ArrayList<>();
      for (AgreementInForce a : as.stream().sorted(java.util.Comparator.comparing(AgreementInForce::id)).toList()) {
        List<String> sets = new ArrayList<>();
        if (a.horizontalM() == h) {
          sets.add("horizontal_m");
        }
        if (a.verticalM() == v) {
          sets.add("vertical_m");
        }
        if (!sets.isEmpty()) {
          from.add(new Setter(a, sets));
        }
      }
      out.put(p, new Agreed(h, v, from));
    });
    return out;
  }
}
