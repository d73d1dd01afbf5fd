package org.liaison.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults for a command's options from the environment and a properties file, so that flags win
 * over {@code LIAISON_*} variables, which win over the file, which wins over the built-in
 * defaults. {@code --rate-limit} is {@code LIAISON_RATE_LIMIT} in the environment and {@code
 * rate-limit} in the file. A key in the file that names no option of the command is an error: a
 * typo must not pass silently.
 */
final class ConfigDefaults implements IDefaultValueProvider {
  static final String ENV_PREFIX = "LIAISON_";
  private static final String CONFIG = "--config";

  private final Map<String, String> env;
  private final Properties file;

  private ConfigDefaults(Map<String, String> env, Properties file) {
    this.env = env;
    this.file = file;
  }

  /**
   * Defaults for {@code spec} from {@code env} and, unless null, the properties file {@code config}.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or names an unknown option
   */
  static ConfigDefaults load(CommandSpec spec, Map<String, String> env, Path config) {
    Properties p = new Properties();
    if (config != null) {
      try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException("--config " + config + ": cannot read it (" + e.getMessage() + ")", e);
      }
      for (String key : p.stringPropertyNames()) {
        OptionSpec o = spec.findOption("--" + key);
        if (o == null || !configurable(o)) {
          throw new IllegalArgumentException("--config " + config + ": \"" + key + "\" is not an option of "
              + spec.qualifiedName() + "; known: " + String.join(", ", keys(spec)));
        }
      }
    }
    return new ConfigDefaults(Map.copyOf(env), p);
  }

  /** The value of {@code --config} in {@code args}, or null. */
  static Path configArgument(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) {
        return null;
      }
      if (args[i].equals(CONFIG) && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith(CONFIG + "=")) {
        return Path.of(args[i].substring(CONFIG.length() + 1));
      }
    }
    return null;
  }

  /** The environment variable of an option: {@code --rate-limit} is {@code LIAISON_RATE_LIMIT}. */
  static String envName(String option) {
    return ENV_PREFIX + option.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec o) || !configurable(o)) {
      return null;
    }
    String fromEnv = env.get(envName(o.longestName()));
    return fromEnv != null ? fromEnv : file.getProperty(o.longestName().substring(2));
  }

  private static boolean configurable(OptionSpec o) {
    return o.longestName().startsWith("--") && !o.longestName().equals(CONFIG) && !o.usageHelp() && !o.versionHelp();
  }

  private static TreeSet<String> keys(CommandSpec spec) {
    TreeSet<String> out = new TreeSet<>();
    for (OptionSpec o : spec.options()) {
      if (configurable(o)) {
        out.add(o.longestName().substring(2));
      }
    }
    return out;
  }
}
