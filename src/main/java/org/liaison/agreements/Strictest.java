package org.liaison.agreements;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules that apply between two parties: the strictest of every agreement in force that both
 * are party to. Longer notice, wider buffers, shorter deadlines and heartbeats, and every language
 * any of them names; the warning channel is the most specific agreement's (fewest parties, then
 * lowest id), so a bilateral hotline inside a group agreement carries the pair's warnings. The
 * answer does not depend on the order agreements are given in. Pure: no I/O.
 */
public final class Strictest {
  /** Message priorities, in the channels' wire names. */
  public static final List<String> PRIORITIES = List.of("safety-of-flight", "urgent", "routine");

  private Strictest() {}

  /** One agreement version in force. */
  public record InForce(String id, int version, Agreement agreement, Instant since) {}

  /**
   * The combined rules between two parties.
   *
   * @param notice minimum notice each of the two parties owes outside the areas
   * @param areas every area needing longer notice, from every agreement
   * @param ack the shortest acknowledgement deadline per priority
   * @param from the ids of the agreements combined, sorted
   */
  public record Rules(Map<String, Duration> notice, List<Agreement.Area> areas, double horizontalM, double verticalM,
      Map<String, Duration> ack, List<Agreement.Escalation> escalation, Duration heartbeat,
      Duration unreachableAfter, Set<String> languages, String channel, List<String> from) {

    /**
     * The notice {@code party} owes before a declaration whose area is the circle of {@code
     * radiusM} metres around ({@code lat}, {@code lng}): its own minimum, or an area's longer one
     * when the circle touches that area.
     */
    public Duration noticeFor(String party, double lat, double lng, double radiusM) {
      Duration d = notice.getOrDefault(party, Duration.ZERO);
      for (Agreement.Area a : areas) {
        if (metres(lat, lng, a.lat(), a.lng()) <= radiusM + a.radiusM() && a.minimum().compareTo(d) > 0) {
          d = a.minimum();
        }
      }
      return d;
    }
  }

  /** The rules between {@code a} and {@code b}, or empty when no agreement in force binds both. */
  public static Optional<Rules> between(List<InForce> inForce, String a, String b) {
    List<InForce> both = inForce.stream()
        .filter(f -> f.agreement().parties().contains(a) && f.agreement().parties().contains(b)).toList();
    return both.isEmpty() ? Optional.empty() : Optional.of(combine(both, a, b));
  }

  /**
   * Per party bound by an agreement in force, the shortest {@code unreachable_after} among them:
   * the silence after which presence declares it Down.
   */
  public static Map<String, Duration> unreachableAfter(List<InForce> inForce) {
    Map<String, Duration> out = new HashMap<>();
    for (InForce f : inForce) {
      for (String p : f.agreement().parties()) {
        out.merge(p, f.agreement().line().unreachableAfter(), Strictest::min);
      }
    }
    return Map.copyOf(out);
  }

  /**
   * Every step of the escalation chain of every agreement in force, for channels' sweeper: on the
   * agreement's channel, for deliveries to its parties.
   */
  public static List<org.liaison.channels.Channels.ChainStep> chains(List<InForce> inForce) {
    List<org.liaison.channels.Channels.ChainStep> out = new ArrayList<>();
    for (InForce f : inForce) {
      List<Agreement.Escalation> steps = f.agreement().escalation();
      for (int i = 0; i < steps.size(); i++) {
        Agreement.Escalation e = steps.get(i);
        out.add(new org.liaison.channels.Channels.ChainStep(f.id(), i, f.agreement().channel(),
            f.agreement().parties(), e.after(), e.recipients(), e.channel()));
      }
    }
    return out;
  }

  static Rules combine(List<InForce> all, String a, String b) {
    Map<String, Duration> notice = new HashMap<>();
    List<Agreement.Area> areas = new ArrayList<>();
    double h = 0;
    double v = 0;
    Map<String, Duration> ack = new HashMap<>();
    List<Agreement.Escalation> escalation = new ArrayList<>();
    Duration heartbeat = null;
    Duration unreachable = null;
    Set<String> languages = new TreeSet<>();
    List<String> from = new ArrayList<>();
    for (InForce f : all) {
      Agreement g = f.agreement();
      for (String p : List.of(a, b)) {
        notice.merge(p, g.notice().forParty(p), Strictest::max);
      }
      areas.addAll(g.notice().areas());
      h = Math.max(h, g.separation().horizontalM());
      v = Math.max(v, g.separation().verticalM());
      g.ack().forEach((k, d) -> ack.merge(k, d, Strictest::min));
      escalation.addAll(g.escalation());
      heartbeat = heartbeat == null ? g.line().heartbeat() : min(heartbeat, g.line().heartbeat());
      unreachable = unreachable == null ? g.line().unreachableAfter() : min(unreachable, g.line().unreachableAfter());
      languages.addAll(g.languages());
      from.add(f.id());
    }
    // Sorted so that the answer is the same whatever the order of the agreements.
    areas.sort(Comparator.comparing(Agreement.Area::name).thenComparing(x -> x.minimum())
        .thenComparingDouble(Agreement.Area::lat).thenComparingDouble(Agreement.Area::lng)
        .thenComparingDouble(Agreement.Area::radiusM));
    escalation.sort(Comparator.comparing(Agreement.Escalation::after).thenComparing(Agreement.Escalation::channel)
        .thenComparing(x -> String.join(",", x.recipients())));
    from.sort(null);
    InForce specific = all.stream().min(Comparator.comparingInt((InForce f) -> f.agreement().parties().size())
        .thenComparing(InForce::id)).orElseThrow();
    return new Rules(Map.copyOf(notice), List.copyOf(areas), h, v, Map.copyOf(ack), List.copyOf(escalation),
        heartbeat, unreachable, java.util.Collections.unmodifiableSet(languages), specific.agreement().channel(),
        List.copyOf(from));
  }

  private static Duration max(Duration x, Duration y) {
    return x.compareTo(y) >= 0 ? x : y;
  }

  private static Duration min(Duration x, Duration y) {
    return x.compareTo(y) <= 0 ? x : y;
  }

  /** Great-circle distance on a sphere of the Earth's mean radius. */
  static double metres(double lat1, double lng1, double lat2, double lng2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dp = p2 - p1;
    double dl = Math.toRadians(lng2 - lng1);
    double s = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(s)));
  }
}
