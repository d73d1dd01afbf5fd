package org.liaison.cli;

import java.util.Optional;
import org.liaison.proof.VerifierKey;
import picocli.CommandLine.Option;

/** {@code --key VKEY}: the ledger key a check trusts, for every command that checks a signed checkpoint. */
final class TrustedKey {
  @Option(names = "--key", paramLabel = "VKEY",
      description = "Trusted ledger key to check the signed checkpoint with (vkey, as GET /liaison/v1/ledger/key"
          + " shows it); default: the key the hub, bundle or backup presents.")
  String vkey;

  /**
   * The key given, if one was; parsed when the command runs, so a malformed one is that command's
   * error.
   *
   * @throws IllegalArgumentException when the vkey is malformed
   */
  Optional<VerifierKey> get() {
    return vkey == null ? Optional.empty() : Optional.of(VerifierKey.parse(vkey));
  }
}
