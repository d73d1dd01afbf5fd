package org.liaison.keys;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The history of every party's keys, replayed from the ledger's {@code party.keys.publish} and
 * {@code party.keys.revoke} entries in index order: which key was a party's current key at a
 * given ledger index. A key is valid from the entry that published it until the entry that
 * replaced it (a publication of another key by the same party) or revoked it; a statement
 * recorded in between stays verifiable for ever, whatever happened to the key later.
 *
 * <p>Each publication must carry its own statement signed by the key it publishes, and each
 * revocation one signed by the key it revokes; entries that do not are refused with the reason,
 * since a hub that invents a key for a party is exactly what this history must expose.
 */
public final class KeyHistory {
  public static final String PUBLISH = "party.keys.publish";
  public static final String REVOKE = "party.keys.revoke";

  /** One key's life: published at ledger index {@code from}, current until {@code until} (exclusive; null while current). */
  public record Period(PublicKeys keys, long from, Long until, String endedBy) {
    public boolean covers(long index) {
      return index > from && (until == null || index < until);
    }
  }

  private final Map<String, List<Period>> byParty = new HashMap<>();

  /** Adds the entry at {@code index}; entries must come in index order. Non-key entries are ignored. */
  public void add(long index, JsonNode entry) {
    String type = entry.path("type").asText();
    if (!type.equals(PUBLISH) && !type.equals(REVOKE)) {
      return;
    }
    String subject = entry.path("subject").asText();
    JsonNode statement = entry.get("statement");
    String signature = entry.path("signature").asText(null);
    Statement.Type st = type.equals(PUBLISH) ? Statement.Type.KEYS_PUBLISH : Statement.Type.KEYS_REVOKE;
    Statement s = Statement.parse(st, statement);
    if (!s.party().equals(subject)) {
      throw new IllegalArgumentException("entry " + index + ": the statement is by " + s.party() + ", not " + subject);
    }
    List<Period> periods = byParty.computeIfAbsent(subject, k -> new ArrayList<>());
    Period last = periods.isEmpty() ? null : periods.get(periods.size() - 1);
    if (st == Statement.Type.KEYS_PUBLISH) {
      PublicKeys k = PublicKeys.fromBase64(subject, s.body().path("ed25519").asText(null),
          s.body().path("x25519").asText(null));
      if (!k.keyId().equals(s.keyId())) {
        throw new IllegalArgumentException("entry " + index + ": key_id " + s.keyId() + " is not the id of the keys "
            + k.keyId());
      }
      if (!s.verify(k.ed25519(), signature)) {
        throw new IllegalArgumentException("entry " + index + ": the publication of " + subject + "'s key "
            + k.keyId() + " is not signed by that key");
      }
      if (last != null && last.until() == null) {
        periods.set(periods.size() - 1, new Period(last.keys(), last.from(), index, "rotated"));
      }
      periods.add(new Period(k, index, null, null));
    } else {
      Period p = find(subject, s.keyId()).orElseThrow(() -> new IllegalArgumentException(
          "entry " + index + ": revokes key " + s.keyId() + " that " + subject + " never published"));
      if (!s.verify(p.keys().ed25519(), signature)) {
        throw new IllegalArgumentException("entry " + index + ": the revocation of " + subject + "'s key "
            + s.keyId() + " is not signed by that key");
      }
      if (p.until() == null) {
        periods.set(periods.indexOf(p), new Period(p.keys(), p.from(), index, "revoked"));
      }
    }
  }

  /** The party's current key, if it has one that is neither replaced nor revoked. */
  public Optional<PublicKeys> current(String party) {
    List<Period> ps = byParty.getOrDefault(party, List.of());
    Period last = ps.isEmpty() ? null : ps.get(ps.size() - 1);
    return last == null || last.until() != null ? Optional.empty() : Optional.of(last.keys());
  }

  /** The period of {@code party}'s key {@code keyId}, whatever its state. */
  public Optional<Period> find(String party, String keyId) {
    return byParty.getOrDefault(party, List.of()).stream().filter(p -> p.keys().keyId().equals(keyId)).findFirst();
  }

  /** Every key period of {@code party}, oldest first. */
  public List<Period> periods(String party) {
    return List.copyOf(byParty.getOrDefault(party, List.of()));
  }
}
