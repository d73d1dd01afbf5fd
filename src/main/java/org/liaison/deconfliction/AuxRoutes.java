package org.liaison.deconfliction;

import org.liaison.astm.Times;
import org.liaison.astm.Wire;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import org.liaison.auth.Guard;
import org.liaison.auth.Principal;
import org.liaison.errors.ApiException;
import org.liaison.http.Json;

/**
 * The two routes of InterUSS's auxiliary API ({@code /aux/v1}) that UTM test harnesses call
 * before anything else, with InterUSS's scopes and answers:
 *
 * <ul>
 *   <li>{@code GET /aux/v1/version}, without a token: {@code {"version": …}};
 *   <li>{@code GET /aux/v1/validate_oauth?owner=…}, with a token carrying {@code
 *       dss.read.identification_service_areas} or {@code dss.write.identification_service_areas}:
 *       200 {@code {}} when the token's {@code sub} is {@code owner} (or no owner is given), 403
 *       naming both otherwise.
 * </ul>
 *
 * The rest of that API (DSS pools, CA certificates, global options) describes InterUSS's own
 * deployment and has no meaning here.
 */
public final class AuxRoutes {
  private static final List<Set<String>> VALIDATE_OAUTH = List.of(
      Set.of("dss.read.identification_service_areas"), Set.of("dss.write.identification_service_areas"));

  private final Guard guard;
  private final String version;

  public AuxRoutes(Guard guard) {
    this.guard = guard;
    String v = AuxRoutes.class.getPackage().getImplementationVersion();
    // Run from compiled classes (tests, development) there is no jar manifest to read.
    this.version = "liaison-" + (v == null ? "development" : v);
  }

  public void register(RoutesConfig r) {
    r.get("/aux/v1/version", this::version);
    r.get("/aux/v1/validate_oauth", this::validateOauth);
  }

  private void version(Context ctx) {
    Json.send(ctx, 200, Wire.JSON.objectNode().put("version", version));
  }

  private void validateOauth(Context ctx) {
    Principal p = guard.check(ctx.header("Authorization"), VALIDATE_OAUTH);
    String owner = ctx.queryParam("owner");
    if (owner != null && !owner.equals(p.party())) {
      throw ApiException.forbidden("owner mismatch: owner \"%s\" was required, but the token's sub is \"%s\"",
          Times.truncate(owner), p.party());
    }
    Json.send(ctx, 200, Wire.JSON.objectNode());
  }
}
