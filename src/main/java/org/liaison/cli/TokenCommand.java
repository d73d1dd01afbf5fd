package org.liaison.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.liaison.client.ServiceException;
import org.liaison.client.TokenProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Print a bearer token minted by a hub running with --dev-auth.")
final class TokenCommand implements Callable<Integer> {
  @Option(names = "--sub", required = true, description = "Party the token is for (JWT sub).")
  String sub;

  @Option(names = "--scope", required = true, split = "[ ,]", description = "Scope(s), repeatable or space/comma separated.")
  List<String> scopes;

  @Mixin
  HubOption at;

  @Option(names = "--audience", defaultValue = "localhost", description = "Token audience (default: ${DEFAULT-VALUE}).")
  String audience;

  @Override
  public Integer call() {
    try {
      System.out.println(TokenProvider.devToken(at.hub, sub, "liaison-cli", scopes, audience));
      return 0;
    } catch (ServiceException e) {
      System.err.println("liaison token: " + (e.status() == 0 ? "cannot reach " + at.hub + ": " : "") + e.getMessage());
      return 1;
    }
  }
}
