package org.liaison.deconfliction;

import org.liaison.testkit.TestClock;

/**
 * What one contract test works with: a client of the hub, a site of its own, the hub's clock and
 * a tag that makes its party names unique, so tests sharing a hub stay independent.
 */
record Scene(DssClient client, Site site, TestClock clock, String tag) {
  Party party(String name, String... scopes) {
    String unique = name + "-" + tag;
    return scopes.length == 0 ? client.party(unique) : client.party(unique, scopes);
  }
}
