package org.liaison.deconfliction;

import java.util.UUID;
import org.liaison.testkit.TestClock;

/**
 * Shared vocabulary of the contract test groups. Each group is an interface of default test
 * methods; {@link DssContractTest} runs them all against a hub on each store.
 */
interface Contract {
  String HIDDEN = "Available from USS";

  Scene scene();

  default Party party(String name, String... scopes) {
    return scene().party(name, scopes);
  }

  default Site site() {
    return scene().site();
  }

  default TestClock clock() {
    return scene().clock();
  }

  /** A party that may set availability. */
  default Party arbiter() {
    return party("arbiter", DssClient.AA, DssClient.SC);
  }

  /** An id no test has used. */
  default UUID fresh() {
    return UUID.randomUUID();
  }
}
