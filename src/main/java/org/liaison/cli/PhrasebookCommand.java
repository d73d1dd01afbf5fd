package org.liaison.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.liaison.channels.PhrasebookXliff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "phrasebook", mixinStandardHelpOptions = true,
    description = "Export one language of the phrasebook as XLIFF 2.0 for a translator to review, and import it back.",
    subcommands = {PhrasebookCommand.Export.class, PhrasebookCommand.Import.class})
final class PhrasebookCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Write a language as XLIFF 2.0: the English original as source, the translation as target.")
  static final class Export implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--lang", required = true, paramLabel = "LANG", description = "The language, e.g. ar or zh-Hans.")
    String lang;

    @Option(names = "--phrasebook", paramLabel = "FILE",
        description = "Phrasebook file to read (default: the one built into this liaison).")
    Path phrasebook;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    Path out;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      String xliff;
      try {
        xliff = PhrasebookXliff.export(phrasebook == null ? PhrasebookXliff.shipped() : Files.readString(phrasebook), lang);
      } catch (IllegalArgumentException e) {
        err.println("liaison phrasebook export: " + e.getMessage());
        return 2;
      }
      if (out == null) {
        spec.commandLine().getOut().print(xliff);
        spec.commandLine().getOut().flush();
      } else {
        Files.writeString(out, xliff, StandardCharsets.UTF_8);
      }
      return 0;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Bring a reviewed XLIFF 2.0 file back into a phrasebook file. A unit in state final with notes"
          + " of category reviewer and review-date becomes reviewed; any other unit, unreviewed.")
  static final class Import implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "XLIFF", description = "The file the translator returned.")
    Path file;

    @Option(names = "--phrasebook", paramLabel = "FILE",
        defaultValue = "src/main/resources/channels/phrasebook.json",
        description = "Phrasebook file to update in place (default: ${DEFAULT-VALUE}).")
    Path phrasebook;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      String updated;
      try {
        updated = PhrasebookXliff.importInto(Files.readString(phrasebook), Files.readString(file));
      } catch (IllegalArgumentException e) {
        err.println("liaison phrasebook import: " + file + ": " + e.getMessage() + "; " + phrasebook + " is unchanged");
        return 2;
      }
      Files.writeString(phrasebook, updated, StandardCharsets.UTF_8);
      spec.commandLine().getOut().println("updated " + phrasebook);
      return 0;
    }
  }
}
