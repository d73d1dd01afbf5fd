package org.liaison.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import org.liaison.client.ChannelsClient;
import org.liaison.keys.PartyKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code liaison keys ...}: a party's own keys. They live in a directory (a node's data
 * directory, or any given as {@code --keys}); only their public halves are sent to the hub.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "A party's signing and encryption keys: generate, publish, rotate, revoke, show.",
    subcommands = {KeysCommand.Generate.class, KeysCommand.Publish.class, KeysCommand.Rotate.class,
        KeysCommand.Revoke.class, KeysCommand.Show.class})
final class KeysCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  static PartyKeys load(ChannelCommand.Connection hub) throws ChannelCommand.CallFailed {
    if (hub.keys == null) {
      throw new ChannelCommand.CallFailed("--keys DIR is required");
    }
    try {
      return PartyKeys.load(hub.keys, hub.party);
    } catch (IOException e) {
      throw new ChannelCommand.CallFailed("--keys " + hub.keys + ": " + e.getMessage());
    }
  }

  static String describe(PartyKeys k) {
    return k.party() + " key " + k.keyId() + "\n  ed25519 " + k.publicKeys().ed25519Base64() + "\n  x25519  "
        + k.publicKeys().x25519Base64();
  }

  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "Make the party's keys in --keys DIR (mode 0600) unless there are some; prints the public halves.")
  static final class Generate extends ChannelCommand.Sub {
    @Override
    void execute() throws IOException, ChannelCommand.CallFailed {
      if (hub.keys == null) {
        throw new ChannelCommand.CallFailed("--keys DIR is required");
      }
      out.println(describe(PartyKeys.loadOrGenerate(hub.keys, hub.party, Clock.systemUTC().instant())));
    }
  }

  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = "Publish the keys in --keys DIR as the party's current keys (rotating any other).")
  static final class Publish extends ChannelCommand.Sub {
    @Override
    void execute() throws IOException, InterruptedException, ChannelCommand.CallFailed {
      PartyKeys k = load(hub);
      ChannelsClient c = hub.client();
      JsonNode r = hub.answer("publish", c::ensurePublished);
      out.println("published " + describe(k) + "\n  ledger leaf " + r.at("/receipt/leaf_hash").asText());
    }
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Replace the keys in --keys DIR by new ones and publish them; the old ones are kept for reading.")
  static final class Rotate extends ChannelCommand.Sub {
    @Override
    void execute() throws IOException, InterruptedException, ChannelCommand.CallFailed {
      PartyKeys old = load(hub);
      PartyKeys next = PartyKeys.rotate(hub.keys, hub.party, Clock.systemUTC().instant());
      ChannelsClient c = hub.client().signingWith(next, Clock.systemUTC());
      JsonNode r = hub.answer("publish", () -> c.publishKeys(old.keyId()));
      out.println("rotated from " + old.keyId() + " to " + describe(next) + "\n  ledger leaf "
          + r.at("/receipt/leaf_hash").asText());
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke the party's key in --keys DIR (or a retired one, --key-id); it signs nothing more.")
  static final class Revoke extends ChannelCommand.Sub {
    @Option(names = "--key-id", description = "A retired key kept in --keys DIR; default the current one.")
    String keyId;

    @Option(names = "--reason", defaultValue = "revoked by its party", description = "Why (recorded in the ledger).")
    String reason;

    @Override
    void execute() throws IOException, InterruptedException, ChannelCommand.CallFailed {
      PartyKeys k = keyId == null ? load(hub) : PartyKeys.retired(hub.keys, hub.party, keyId);
      ChannelsClient c = hub.client();
      JsonNode r = hub.answer("revoke", () -> c.revokeKeys(k, reason));
      out.println("revoked " + k.keyId() + "  ledger leaf " + r.at("/receipt/leaf_hash").asText());
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Print a party's keys as the hub has them: current, and every past one with how it ended.")
  static final class Show extends ChannelCommand.Sub {
    @Parameters(index = "0", arity = "0..1", description = "The party (default: --as).")
    String party;

    @Override
    void execute() throws IOException, InterruptedException, ChannelCommand.CallFailed {
      String p = party == null ? hub.party : party;
      ChannelsClient c = hub.client();
      JsonNode r = hub.answer("keys of " + p, () -> c.keys(p));
      out.println(p + ": current key " + (r.get("current").isNull() ? "none" : r.at("/current/key_id").asText()));
      for (JsonNode k : r.get("keys")) {
        out.println("  " + k.get("key_id").asText() + " published " + k.get("published").asText()
            + (k.get("ended").isNull() ? "" : ", " + k.get("ended_by").asText() + " " + k.get("ended").asText())
            + "\n    ed25519 " + k.get("ed25519").asText() + "\n    x25519  " + k.get("x25519").asText());
      }
    }
  }
}
