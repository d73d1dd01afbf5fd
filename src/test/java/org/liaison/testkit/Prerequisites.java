package org.liaison.testkit;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (Chromium, chromedriver, PostgreSQL's server binaries). On a
 * developer's machine a missing one skips the test, saying what to install; in CI ({@code CI=true},
 * as {@code .ci/run} and most CI services set it) it fails the test instead, so that a suite
 * cannot go green by skipping.
 */
public final class Prerequisites {
  private Prerequisites() {}

  /** True when the environment says this is a CI run. */
  public static boolean inCi() {
    return inCi(System.getenv("CI"));
  }

  static boolean inCi(String ciVariable) {
    return ciVariable != null && !ciVariable.isBlank() && !"false".equalsIgnoreCase(ciVariable.trim())
        && !"0".equals(ciVariable.trim());
  }

  /** Skips the calling test with {@code missing} when {@code present} is false, or fails it in CI. */
  public static void require(boolean present, String missing) {
    require(present, missing, System.getenv("CI"));
  }

  static void require(boolean present, String missing, String ciVariable) {
    if (present) {
      return;
    }
    if (inCi(ciVariable)) {
      throw new AssertionError("CI=" + ciVariable + " and " + missing
          + ": in CI this test must run, not be skipped");
    }
    Assumptions.abort(missing);
  }
}
