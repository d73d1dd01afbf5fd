package org.liaison;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The import rules of docs/architecture.md, checked against the compiled product classes: which
 * Liaison packages each package may use, and no cycles between packages.
 */
class ArchitectureTest {
  /** Each package and the Liaison packages it may use (itself always). Keep docs/architecture.md in step. */
  static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
      Map.entry("errors", Set.of()),
      Map.entry("geo", Set.of("errors")),
      Map.entry("json", Set.of("errors")),
      Map.entry("auth", Set.of()),
      Map.entry("store", Set.of()),
      Map.entry("http", Set.of("auth", "store", "errors")),
      Map.entry("proof", Set.of()),
      Map.entry("ledger", Set.of("proof", "http", "auth", "store", "errors")),
      Map.entry("keys", Set.of("proof", "errors")),
      Map.entry("astm", Set.of("json", "geo", "proof", "errors")),
      Map.entry("deconfliction", Set.of("astm", "keys", "ledger", "proof", "http", "auth", "store", "geo", "errors")),
      Map.entry("channels", Set.of("deconfliction", "keys", "json", "ledger", "proof", "http", "auth", "store", "geo", "errors")),
      Map.entry("agreements", Set.of("channels", "keys", "deconfliction", "astm", "json", "ledger", "proof", "http", "auth", "store", "geo", "errors")),
      Map.entry("console", Set.of("http", "errors")),
      Map.entry("client", Set.of("astm", "keys", "json", "proof", "http", "auth", "geo", "errors")),
      Map.entry("node", Set.of("client", "astm", "channels", "keys", "json", "console", "ledger", "proof", "http", "auth", "store", "geo", "errors")),
      Map.entry("publication", Set.of("deconfliction", "astm", "json", "http", "auth", "store", "geo", "errors")),
      Map.entry("hub", Set.of("agreements", "astm", "deconfliction", "channels", "publication", "ledger", "proof", "console", "http", "auth", "store", "errors")),
      Map.entry("admin", Set.of("ledger", "proof", "store")),
      Map.entry("bench", Set.of("hub", "node", "deconfliction", "ledger", "geo", "http")),
      Map.entry("demo", Set.of("hub", "node", "client", "publication", "astm", "keys", "ledger", "proof", "http", "geo")),
      Map.entry("cli", Set.of("agreements", "hub", "node", "demo", "bench", "admin", "client", "publication", "channels", "keys", "ledger", "proof", "store", "http", "errors")));

  static JavaClasses product;

  @BeforeAll
  static void load() {
    product = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.liaison");
  }

  @Test
  void every_product_package_has_a_rule() {
    Set<String> found = new TreeSet<>();
    product.forEach(c -> found.add(c.getPackageName().replaceFirst("^org\\.liaison\\.", "").split("\\.")[0]));
    org.assertj.core.api.Assertions.assertThat(MAY_USE.keySet()).as("packages with a rule")
        .containsExactlyInAnyOrderElementsOf(found);
  }

  @TestFactory
  List<DynamicTest> each_package_uses_only_what_it_may() {
    return MAY_USE.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      String[] forbidden = MAY_USE.keySet().stream()
          .filter(p -> !p.equals(e.getKey()) && !e.getValue().contains(p))
          .map(p -> "org.liaison." + p + "..")
          .toArray(String[]::new);
      noClasses().that().resideInAPackage("org.liaison." + e.getKey() + "..")
          .should().dependOnClassesThat().resideInAnyPackage(forbidden)
          .because("docs/architecture.md: " + e.getKey() + " may use only " + new TreeSet<>(e.getValue()))
          .check(product);
    })).toList();
  }

  /**
   * docs/architecture.md: the proof core is mathematics only, so an auditor can read and reuse it
   * without a database, a server, a file system or a thread of its own.
   */
  @Test
  void the_proof_core_does_no_io() {
    noClasses().that().resideInAPackage("org.liaison.proof..")
        .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "java.nio.file..",
            "java.nio.channels..", "java.net..", "java.net.http..", "java.util.concurrent..", "io.javalin..",
            "org.eclipse.jetty..")
        .orShould().dependOnClassesThat().haveNameMatching(
            "java\\.lang\\.(Thread|ThreadGroup|Runnable|ProcessBuilder|Process)|java\\.io\\.(File|Random).*")
        .because("docs/architecture.md: proof does no I/O (no SQL, files, network, HTTP server or threads)")
        .check(product);
  }

  @Test
  void packages_are_free_of_cycles() {
    slices().matching("org.liaison.(*)..").should().beFreeOfCycles().check(product);
  }
}
