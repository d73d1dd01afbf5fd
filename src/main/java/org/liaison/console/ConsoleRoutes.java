package org.liaison.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;

/**
 * Serves the web console at {@code /console/}: its own files from the classpath folder {@code
 * console/}, Leaflet from its WebJar at {@code /console/vendor/leaflet/}, and {@code
 * /console/config.json}, which tells the page whether it runs on a hub or on a party's node and how
 * to log in. Also lets {@code EventSource} requests carry their token as a query parameter (see
 * {@link EventSourceTokens}), since the console's live updates need it.
 *
 * <p>Caching: the console's own files revalidate on every load ({@code no-cache} with a strong
 * ETag, so an upgraded hub is picked up at once and an unchanged file costs a 304); Leaflet, the
 * basemap and the font files, which change only with a dependency bump, are cached for a day.
 *
 * <p>Register with {@code routes.add(console::register)} on the hub and on the node.
 */
public final class ConsoleRoutes {
  /** Where the console runs; the node adds plan drawing and plan details. */
  public enum Role {
    HUB,
    NODE
  }

  static final String BASE = "/console";
  static final String LEAFLET = "META-INF/resources/webjars/leaflet/1.9.4/dist";
  /**
   * The pages' policy. Styles come only from the console's own files: no style attribute or
   * element in markup applies, so text that reached the page as markup could not draw anything
   * either (the views set colours through the CSSOM, which the policy allows). Forms post nowhere
   * but here. Images may also come from the tile server named by {@code --tiles} (the %s).
   */
  private static final String CSP = "default-src 'self'; img-src 'self' data:%s; style-src 'self'; script-src 'self';"
      + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  private static final String REVALIDATE = "no-cache";
  private static final String ONE_DAY = "public, max-age=86400";

  private final Role role;
  private final String name;
  private final String party;
  private final String devTokenPath;
  private final Assets console;
  private final Assets leaflet;
  private final String tiles;
  private final String csp;

  private ConsoleRoutes(Role role, String name, String party, String devTokenPath) {
    this(role, name, party, devTokenPath, null);
  }

  private ConsoleRoutes(Role role, String name, String party, String devTokenPath, String tiles) {
    this.role = Objects.requireNonNull(role, "role");
    this.name = Objects.requireNonNull(name, "name");
    this.party = party;
    if (devTokenPath != null && !devTokenPath.startsWith("/")) {
      throw new IllegalArgumentException("dev token path \"" + devTokenPath + "\" must be a same-origin path starting with /");
    }
    this.devTokenPath = devTokenPath;
    ClassLoader loader = ConsoleRoutes.class.getClassLoader();
    this.console = new Assets("console", loader);
    this.leaflet = new Assets(LEAFLET, loader);
    this.tiles = tiles;
    this.csp = String.format(CSP, tiles == null ? "" : " " + origin(tiles));
  }

  /**
   * This console drawing its basemap from the tile server at {@code template} (with {@code {z}},
   * {@code {x}}, {@code {y}}; checked by {@code ServerOptions}), or from the offline basemap when
   * null. The page's content security policy then lets images come from that server's origin.
   */
  public ConsoleRoutes withTiles(String template) {
    return new ConsoleRoutes(role, name, party, devTokenPath, template);
  }

  /** {@code scheme://host[:port]} of a tile URL template. */
  static String origin(String template) {
    int start = template.indexOf("://") + 3;
    int slash = template.indexOf('/', start);
    return slash < 0 ? template : template.substring(0, slash);
  }

  /**
   * The hub's console.
   *
   * @param name the hub's name, shown in the title bar
   * @param devAuth whether the hub serves dev tokens at {@code /token}; the console then offers a
   *     party picker, otherwise it asks for a token
   */
  public static ConsoleRoutes forHub(String name, boolean devAuth) {
    return new ConsoleRoutes(Role.HUB, name, null, devAuth ? "/token" : null);
  }

  /**
   * A party node's console.
   *
   * @param party the node's party, preselected at login
   * @param devTokenPath a same-origin path that serves dev tokens like the hub's {@code /token}, or
   *     null to ask for a token
   */
  public static ConsoleRoutes forNode(String party, String devTokenPath) {
    return new ConsoleRoutes(Role.NODE, party, Objects.requireNonNull(party, "party"), devTokenPath);
  }

  public void register(JavalinConfig c) {
    c.jetty.modifyServletContextHandler(h ->
        h.addFilter(new EventSourceTokens(), "/*", EnumSet.of(DispatcherType.REQUEST)));
    // Javalin ignores trailing slashes when matching, so one route answers both forms; the page's
    // relative links need the slash, hence the redirect.
    c.routes.get(BASE, ctx -> {
      if (ctx.path().endsWith("/")) {
        serve(ctx, console.get("index.html"), REVALIDATE, true);
      } else {
        ctx.redirect(BASE + "/");
      }
    });
    c.routes.get(BASE + "/config.json", this::config);
    c.routes.get(BASE + "/vendor/leaflet/<path>", ctx -> serve(ctx, leaflet.get(ctx.pathParam("path")), ONE_DAY, false));
    c.routes.get(BASE + "/<path>", ctx -> {
      String path = ctx.pathParam("path");
      String cache = path.startsWith("basemap/") || path.endsWith(".woff2") ? ONE_DAY : REVALIDATE;
      serve(ctx, console.get(path), cache, path.endsWith(".html"));
    });
  }

  private void config(Context ctx) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("role", role.name().toLowerCase(java.util.Locale.ROOT));
    n.put("name", name);
    n.put("party", party);
    n.put("dev_token_path", devTokenPath);
    n.put("tiles", tiles);
    ctx.header("Cache-Control", "no-store");
    Json.send(ctx, 200, n);
  }

  private void serve(Context ctx, Optional<Assets.Asset> found, String cache, boolean page) {
    Assets.Asset a = found.orElseThrow(() -> ApiException.notFound("no console file at %s", ctx.path()));
    ctx.header("Cache-Control", cache);
    ctx.header("ETag", a.etag());
    ctx.header("X-Content-Type-Options", "nosniff");
    if (page) {
      ctx.header("Content-Security-Policy", csp);
      ctx.header("Referrer-Policy", "no-referrer");
    }
    String match = ctx.header("If-None-Match");
    if (match != null && (match.equals(a.etag()) || match.contains(a.etag()))) {
      ctx.status(304);
      return;
    }
    ctx.contentType(a.contentType()).result(a.bytes());
  }
}
