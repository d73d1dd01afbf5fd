package org.liaison.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.liaison.client.NodeClient;
import org.liaison.astm.Wire;
import org.liaison.geo.AltitudeBand;
import org.liaison.geo.Circle;
import org.liaison.geo.LatLng;
import org.liaison.geo.Outline;
import org.liaison.geo.Polygon;
import org.liaison.geo.TimeWindow;
import org.liaison.geo.Volume4D;
import org.liaison.hub.Hub;
import org.liaison.hub.HubOptions;
import org.liaison.node.Node;
import org.liaison.node.NodeOptions;

/**
 * {@code liaison demo}: one embedded hub and a node per party play a scenario's day at accelerated
 * time, through the same HTTP APIs users' systems call, then report what happened and prove it
 * from the ledger.
 */
public final class Demo implements AutoCloseable {
  /** What the command line gives. */
  public record Options(Path data, Long seed, double speed, Path scenario, int port) {}

  /** What the day checks; the demo passes when every check holds. */
  record Check(String name, boolean passed, String detail) {}

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Options options;
  private final Scenario scenario;
  private final PrintStream out;
  private final Instant dayStart;
  private final SimClock clock;
  private final Hub hub;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, NodeClient> clients = new LinkedHashMap<>();
  private final Progress progress;
  private final Counters n = new Counters();
  private final List<Report.Shape> shapes = new ArrayList<>();
  private final ChannelsPlay channels;
  private UUID disputed;
  private Contingency contingency;

  /** Tallies shown while playing and in the summary. */
  static final class Counters {
    int planned;
    int declared;
    int conflicts;
    int resolved;
    int unresolved;
    int replans;
    int restrictions;
  }

  private Demo(Options o, Scenario s, PrintStream out) throws IOException {
    this.options = o;
    this.scenario = s;
    this.out = out;
    LocalTime start = LocalTime.parse(s.start());
    Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofSeconds(start.toSecondOfDay()));
    this.dayStart = today.isAfter(Instant.now()) ? today : today.plus(Duration.ofDays(1));
    this.clock = new SimClock(dayStart.minus(Duration.ofMinutes(20)), o.speed());
    deleteRecursively(o.data());
    Files.createDirectories(o.data());
    hub = startHub(o);
    URI hubUri = URI.create("http://127.0.0.1:" + hub.port());
    for (Scenario.PartySpec p : s.parties()) {
      Node node = Node.start(NodeOptions.dev(p.id(), hubUri, 0, o.data().resolve("node-" + p.id())), clock);
      nodes.put(p.id(), node);
      clients.put(p.id(), new NodeClient(URI.create(node.baseUrl()), node.operatorToken()));
    }
    this.progress = new Progress(out, dayStart, Duration.ofHours(s.hours()));
    Map<String, org.liaison.keys.PartyKeys> keys = new LinkedHashMap<>();
    nodes.forEach((party, node) -> keys.put(party, node.partyKeys()));
    this.channels = new ChannelsPlay(hubUri, hub, s, clock, keys, clients);
  }

  /** The demo hub publishes what the parties allow, for the console's civil view. */
  private static final org.liaison.publication.PublicationOptions PUBLISH = new org.liaison.publication.PublicationOptions(
      org.liaison.publication.PublicationConfig.DEFAULTS, org.liaison.http.RateLimit.OFF);

  private Hub startHub(Options o) throws IOException {
    HubOptions ho = new HubOptions("levant", "127.0.0.1", o.port(), o.data().resolve("hub"), null,
        "localhost", List.of(), null, true, true);
    try {
      return Hub.start(ho, clock, PUBLISH);
    } catch (RuntimeException e) {
      if (o.port() == 0) {
        throw e;
      }
      // The port is taken (another hub?): any free port will do for the demo.
      return Hub.start(new HubOptions("levant", "127.0.0.1", 0, ho.dataDir(), null, "localhost",
          List.of(), null, true, true), clock, PUBLISH);
    }
  }

  /** Plays the day; returns the checks. */
  public static Demo start(Options o, PrintStream out) throws IOException {
    quietLogs();
    Scenario s = o.scenario() == null ? Scenario.builtIn() : Scenario.read(o.scenario());
    if (o.seed() != null) {
      s = new Scenario(s.name(), s.description(), o.seed(), s.region(), s.start(), s.hours(), s.parties(),
          s.channels(), s.hotspots(), s.operations(), s.restrictions(), s.events());
    }
    return new Demo(o, s, out);
  }

  public String hubUrl() {
    return "http://127.0.0.1:" + hub.port();
  }

  // ------------------------------------------------------------------------------------ play

  private interface Step {
    Instant at();

    void run() throws Exception;
  }

  private record At(Instant at, Action action) implements Step {
    @Override
    public void run() throws Exception {
      action.run();
    }
  }

  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  /** Plays the whole day and returns whether every check passed. */
  public boolean play() throws Exception {
    out.printf("Liaison demo: %s (seed %d, %s× real time)%n", scenario.name(), scenario.seed(), fmt(options.speed()));
    out.printf("  hub %s, nodes: %s%n", hubUrl(), String.join(", ", nodes.values().stream()
        .map(nd -> nd.party() + " " + nd.baseUrl()).toList()));
    channels.setUp(out);
    channels.agree(out);
    List<Step> steps = new ArrayList<>();
    Random rnd = new Random(scenario.seed());
    List<Day.Op> ops = Day.operations(scenario, dayStart, rnd);
    for (Scenario.RestrictionSpec r : scenario.restrictions()) {
      steps.add(new At(at(r.at()), () -> restrict(r)));
    }
    for (Day.Op op : ops) {
      steps.add(new At(op.planAt(), () -> plan(op)));
    }
    for (Scenario.EventSpec e : scenario.events()) {
      if (e.type().equals("contingency")) {
        contingency = new Contingency(scenario, e, clients, this::at);
        contingency.steps(progress, clock::instant).forEach(s -> steps.add(new At(s.getKey(), s.getValue())));
      } else {
        steps.add(new At(at(e.at()), () -> event(e)));
      }
    }
    for (Instant t = dayStart; t.isBefore(dayEnd()); t = t.plus(Duration.ofMinutes(10))) {
      Instant when = t;
      steps.add(new At(t, () -> channels.heartbeats(when)));
    }
    steps.sort(Comparator.comparing(Step::at));
    n.planned = ops.size();
    for (Step step : steps) {
      // Time may run a minute past the step while it plays, so its records carry distinct times.
      clock.allowUntil(step.at().plus(Duration.ofMinutes(1)));
      clock.sleepUntil(step.at());
      step.run();
      progress.update(clock.instant(), counters());
    }
    clock.allowUntil(dayEnd().plus(Duration.ofHours(2)));
    clock.sleepUntil(dayEnd());
    progress.update(dayEnd(), counters());
    progress.done();
    return finish();
  }

  private String counters() {
    return String.format("%d/%d operations, %d conflicts resolved, %d messages", n.declared, n.planned, n.resolved,
        channels.messages());
  }

  private Instant dayEnd() {
    return dayStart.plus(Duration.ofHours(scenario.hours()));
  }

  private Instant at(String hhmm) {
    LocalTime t = LocalTime.parse(hhmm);
    long minutes = Duration.between(LocalTime.parse(scenario.start()), t).toMinutes();
    if (minutes < 0) {
      minutes += 24 * 60;
    }
    return dayStart.plus(Duration.ofMinutes(minutes));
  }

  // ------------------------------------------------------------------------------------ operations

  private void plan(Day.Op op) {
    ObjectNode body = planBody(op.id(), List.of(op.volume()), op.priority(), op.kind() + " over the " + op.area());
    NodeClient.Answer a = clients.get(op.party()).submit(body);
    if (!"accepted".equals(a.body().path("result").asText()) && a.body().has("suggestions")) {
      // No free time within the limits: a planner would next try another altitude band.
      body.put("take", "altitude");
      a = clients.get(op.party()).submit(body);
    }
    record(op.party(), op.kind(), op.area(), a);
  }

  private void record(String party, String kind, String area, NodeClient.Answer a) {
    JsonNode b = a.body();
    boolean accepted = "accepted".equals(b.path("result").asText());
    JsonNode took = b.get("took");
    if (took != null) {
      n.conflicts++;
      n.resolved++;
      String shift = took.has("shift_s") ? "moved " + took.get("shift_s").asLong() / 60 + " min later"
          : "moved " + Math.abs(took.get("shift_m").asLong()) + " m " + (took.get("shift_m").asLong() < 0 ? "down" : "up");
      progress.event(clock.instant(), String.format("conflict: %s %s over the %s met %d operation(s); slot finder %s",
          party, kind, area, took.path("conflicts_before").size(), shift));
    }
    if (accepted) {
      n.declared++;
      JsonNode plan = b.get("plan");
      for (JsonNode v : plan.get("volumes")) {
        shapes.add(new Report.Shape(party, party + " " + kind + " over the " + area, Wire.readVolume(v, "volume"), false));
      }
    } else {
      if (b.has("conflicts") && b.get("conflicts").size() > 0) {
        n.conflicts++;
      }
      n.unresolved++;
      progress.event(clock.instant(), String.format("refused: %s %s over the %s (%s)", party, kind, area,
          b.path("message").asText("status " + a.status())));
    }
  }

  private ObjectNode planBody(UUID id, List<Volume4D> volumes, int priority, String purpose) {
    ObjectNode body = JSON.objectNode();
    if (id != null) {
      body.put("id", id.toString());
    }
    ArrayNode vs = body.putArray("volumes");
    volumes.forEach(v -> vs.add(Wire.volume(v)));
    body.put("priority", priority);
    body.put("purpose", purpose);
    body.putObject("suggest").put("max_delay_s", 12 * 3600);
    body.put("take", "time");
    return body;
  }

  // ------------------------------------------------------------------------------------ restrictions

  private void restrict(Scenario.RestrictionSpec r) {
    Instant start = clock.instant().plus(Duration.ofMinutes(2));
    Outline outline = r.circle() != null
        ? new Circle(new LatLng(r.circle().lat(), r.circle().lng()), r.circle().radiusKm() * 1000)
        : Polygon.of(r.polygon().stream().map(p -> new LatLng(p.get(0), p.get(1))).toList());
    Volume4D v = new Volume4D(outline, new AltitudeBand(r.altitudeM().get(0), r.altitudeM().get(1)),
        new TimeWindow(start, start.plus(Duration.ofMinutes((long) (r.hours() * 60)))));
    ObjectNode body = JSON.objectNode();
    body.putArray("volumes").add(Wire.volume(v));
    body.put("type", r.name());
    NodeClient.Answer a = clients.get(r.party()).call("POST", "/liaison/v1/restrictions", body);
    if (!a.ok()) {
      progress.event(clock.instant(), "restriction refused: " + r.name() + ": " + a.body().path("message").asText());
      return;
    }
    n.restrictions++;
    shapes.add(new Report.Shape(r.party(), "restriction: " + r.name(), v, true));
    progress.event(clock.instant(), "restriction: " + r.party() + " declares " + r.name());
    channels.announce(r.party(), "contact-group", "Restriction in force from " + hhmm(start) + ": " + r.name()
        + ", " + Math.round(r.altitudeM().get(0)) + " to " + Math.round(r.altitudeM().get(1)) + " m, for "
        + r.hours() + " h. Acknowledge within 30 minutes.", progress);
    if (r.forcesReplan()) {
      replanAround(v, r.name());
    }
  }

  /** Every party moves its future plans out of a new restriction. */
  private void replanAround(Volume4D closed, String name) {
    for (Map.Entry<String, NodeClient> e : clients.entrySet()) {
      NodeClient.Answer list = e.getValue().plans();
      for (JsonNode p : list.body().path("plans")) {
        String state = p.path("state").asText();
        if (!state.equals("Accepted")) {
          continue;
        }
        List<Volume4D> vs = new ArrayList<>();
        p.get("volumes").forEach(v -> vs.add(Wire.readVolume(v, "volume")));
        boolean hit = vs.stream().anyMatch(v -> v.time().overlaps(closed.time())
            && v.altitude().overlaps(closed.altitude()) && v.outline().distanceMeters(closed.outline()) < 5556);
        if (!hit) {
          continue;
        }
        UUID id = UUID.fromString(p.get("id").asText());
        NodeClient.Answer a = e.getValue().modify(id, planBody(null, vs, p.path("priority").asInt(), p.path("purpose").asText()));
        boolean ok = "accepted".equals(a.body().path("result").asText());
        if (ok) {
          n.replans++;
          progress.event(clock.instant(), String.format("replan: %s moves %s out of the %s%s", e.getKey(),
              id.toString().substring(0, 8), name, a.body().has("took") ? "" : " (unchanged)"));
        } else {
          // No slot within limits: the operation is cancelled rather than flown into a closure.
          e.getValue().lifecycle(id, "cancel");
          n.replans++;
          progress.event(clock.instant(), String.format("replan: %s cancels %s, no free slot outside the %s",
              e.getKey(), id.toString().substring(0, 8), name));
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------ events

  private void event(Scenario.EventSpec e) throws Exception {
    switch (e.type()) {
      case "short-notice" -> shortNotice(e);
      case "party-down" -> channels.goSilent(e.party(), Duration.ofMinutes(e.minutes()), progress);
      case "inquiry" -> { /* done at the end of the day, when every record is in */ }
      default -> throw new IllegalArgumentException("unknown event type \"" + e.type() + "\" at " + e.at());
    }
  }

  /**
   * A declaration made with less notice than the agreements ask, close above (or below) an
   * operation the warned party flies at that time: clear of the planners' buffers, so it is
   * accepted, but within the agreed ones, so the hub's short-notice rule warns that party by itself.
   */
  private void shortNotice(Scenario.EventSpec e) throws Exception {
    Scenario.Hotspot spot = scenario.hotspots().get(0);
    Instant start = clock.instant().plus(Duration.ofMinutes(e.leadMinutes()));
    TimeWindow window = new TimeWindow(start, start.plus(Duration.ofMinutes(45)));
    LatLng hot = new LatLng(spot.lat(), spot.lng());
    Volume4D v = shapes.stream()
        .filter(s -> s.party().equals(e.warn()) && !s.restriction() && s.volume().time().overlaps(window))
        .min(Comparator.comparingDouble(s -> s.volume().outline().distanceMeters(new Circle(hot, 1))))
        .map(s -> above(s.volume(), window))
        .orElse(new Volume4D(new Circle(hot, 12_000), new AltitudeBand(4000, 9000), window));
    UUID id = Day.uuid(new Random(scenario.seed() * 31 + 7));
    disputed = id;
    ObjectNode body = planBody(id, List.of(v), 10, "short-notice strike package");
    NodeClient.Answer a = clients.get(e.party()).submit(body);
    record(e.party(), "short-notice strike", spot.name(), a);
    progress.event(clock.instant(), String.format("short notice: %s declares an operation starting in %d min",
        e.party(), e.leadMinutes()));
    channels.awaitRuleWarning(e, id, progress);
  }

  /** A 3 km circle over the middle of {@code near}, 450 m above its band (below it if too high). */
  private static Volume4D above(Volume4D near, TimeWindow window) {
    LatLng c = near.outline() instanceof Circle ci ? ci.center() : centroid(((Polygon) near.outline()).vertices());
    AltitudeBand b = near.altitude();
    AltitudeBand band = b.upper() + 1950 <= 15_000 ? new AltitudeBand(b.upper() + 450, b.upper() + 1950)
        : new AltitudeBand(Math.max(0, b.lower() - 1950), b.lower() - 450);
    return new Volume4D(new Circle(c, 3000), band, window);
  }

  private static LatLng centroid(List<LatLng> vs) {
    return new LatLng(vs.stream().mapToDouble(LatLng::lat).average().orElseThrow(),
        vs.stream().mapToDouble(LatLng::lng).average().orElseThrow());
  }

  // ------------------------------------------------------------------------------------ the end

  private boolean finish() throws Exception {
    List<Check> checks = new ArrayList<>();
    // A crowded day leaves some operations without a free slot; each refusal is explained.
    checks.add(new Check("operations declared", n.declared >= n.planned * 0.7,
        n.declared + " of " + n.planned + " planned; " + n.unresolved + " refused, each with its conflicts explained"));
    checks.add(new Check("conflicts found and resolved by the slot finder", n.resolved > 0,
        n.conflicts + " found, " + n.resolved + " resolved"));
    checks.add(new Check("a restriction forced replans", n.replans > 0, n.replans + " replanned"));
    checks.addAll(channels.checks());
    if (contingency != null) {
      checks.addAll(contingency.checks());
    }
    Evidence ev = Evidence.gather(hubUrl(), hub, disputed, channels.warningMessage());
    checks.addAll(ev.checks());
    List<JsonNode> compliance = channels.compliance(clock.instant().minus(Duration.ofDays(1)), clock.instant());
    Scenario.EventSpec late = scenario.events().stream().filter(e -> e.type().equals("short-notice")).findFirst().orElse(null);
    checks.add(ComplianceView.check(channels.agreements(), compliance, ev.log(), disputed, late));
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put("operations declared", n.declared + " of " + n.planned);
    summary.put("conflicts found / resolved", n.conflicts + " / " + n.resolved);
    summary.put("refused without a slot", String.valueOf(n.unresolved));
    summary.put("restrictions / replans", n.restrictions + " / " + n.replans);
    summary.putAll(channels.summary());
    summary.putAll(ev.summary());
    summary.putAll(ComplianceView.summary(channels.agreements(), compliance));
    out.println();
    out.println("Summary");
    int w = summary.keySet().stream().mapToInt(String::length).max().orElse(10);
    summary.forEach((k, v) -> out.printf("  %-" + w + "s  %s%n", k, v));
    out.println();
    out.println("Checks");
    for (Check c : checks) {
      out.printf("  %s %s: %s%n", c.passed() ? "PASS" : "FAIL", c.name(), c.detail());
    }
    var published = Published.write(options.data(), dayStart, shapes);
    summary.put("danger areas published", published.areas().size() + " (in published/)");
    Path report = Report.write(options.data(), scenario, dayStart, summary, shapes, ev.text(), published,
        new Report.Agreed(channels.agreements(), compliance));
    out.println();
    out.println("Published for civil aviation: " + published.areas().size() + " danger areas in "
        + options.data().resolve("published").toAbsolutePath().normalize());
    out.println("Report: " + report.toAbsolutePath().normalize());
    return checks.stream().allMatch(Check::passed);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Override
  public void close() {
    channels.close();
    nodes.values().forEach(Node::close);
    hub.close();
  }

  /** The demo speaks through its progress line; components only log warnings and errors. */
  private static void quietLogs() {
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
      ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
      // The demo runs its own hub with dev auth on loopback; the warning is for real hubs.
      ctx.getLogger(Hub.class).setLevel(ch.qos.logback.classic.Level.ERROR);
    }
  }

  static String hhmm(Instant t) {
    return t.atOffset(ZoneOffset.UTC).toLocalTime().truncatedTo(ChronoUnit.MINUTES).toString();
  }
}
