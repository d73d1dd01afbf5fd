package org.liaison.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** {@code --hub URL} for the commands that talk to one hub, by default one on this machine. */
final class HubOption {
  @Option(names = "--hub", defaultValue = "http://localhost:8082", description = "Hub URL (default: ${DEFAULT-VALUE}).")
  URI hub;
}
