package org.liaison.chaos;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The class path a child JVM gets: this test JVM's own. Surefire may hand us a single
 * manifest-only jar, which is expanded here. For a child that runs as an unprivileged account,
 * entries that account cannot read (a Maven repository under root's home, say) are linked or
 * copied into a temporary directory it can read.
 */
final class ChildClasspath {
  private static volatile String plain;
  private static volatile String unprivileged;

  private ChildClasspath() {}

  /** The class path as this JVM's user sees it. */
  static String plain() {
    if (plain == null) {
      plain = String.join(File.pathSeparator, entries());
    }
    return plain;
  }

  /** The class path readable by {@link Os#unprivilegedUser()}; the plain one when we are not root. */
  static synchronized String forUnprivileged() {
    if (Os.unprivilegedUser().isEmpty()) {
      return plain();
    }
    if (unprivileged == null) {
      unprivileged = String.join(File.pathSeparator, readableCopies(entries()));
    }
    return unprivileged;
  }

  private static List<String> entries() {
    Set<String> out = new LinkedHashSet<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (e.isEmpty()) {
        continue;
      }
      out.add(e);
      if (e.endsWith(".jar") && Files.isRegularFile(Path.of(e))) {
        out.addAll(manifestClassPath(Path.of(e)));
      }
    }
    return List.copyOf(out);
  }

  private static List<String> manifestClassPath(Path jar) {
    try (JarFile f = new JarFile(jar.toFile())) {
      Manifest m = f.getManifest();
      String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
      if (cp == null) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (String u : cp.trim().split("\\s+")) {
        URI uri = jar.toUri().resolve(u);
        out.add(Path.of(uri).toString());
      }
      return out;
    } catch (IOException | IllegalArgumentException e) {
      return List.of();
    }
  }

  private static List<String> readableCopies(List<String> entries) {
    List<String> unreadable = unreadableByUnprivileged(entries);
    if (unreadable.isEmpty()) {
      return entries;
    }
    Path dir;
    try {
      dir = Files.createTempDirectory("liaison-child-cp-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> Os.deleteTree(dir)));
    List<String> out = new ArrayList<>();
    int n = 0;
    for (String e : entries) {
      if (!unreadable.contains(e) || !Files.exists(Path.of(e))) {
        out.add(e);
        continue;
      }
      Path src = Path.of(e);
      Path dst = dir.resolve((n++) + "-" + src.getFileName());
      try {
        if (Files.isDirectory(src)) {
          copyTree(src, dst);
        } else {
          try {
            Files.createLink(dst, src); // cheap when on one file system
          } catch (IOException | UnsupportedOperationException notSameFs) {
            Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES);
          }
          Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString("rw-r--r--"));
        }
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot make " + src + " readable for the child", ex);
      }
      out.add(dst.toString());
    }
    return out;
  }

  private static List<String> unreadableByUnprivileged(List<String> entries) {
    List<String> probe = new ArrayList<>(List.of("bash", "-c", "for p; do [ -r \"$p\" ] || echo \"$p\"; done", "probe"));
    probe.addAll(entries);
    Os.Result r = Os.run(Os.asUnprivileged(probe), 60);
    if (r.exit() != 0) {
      throw new IllegalStateException("cannot check the class path as " + Os.unprivilegedUser().orElseThrow() + ": "
          + r.output());
    }
    return r.output().lines().filter(l -> !l.isBlank()).toList();
  }

  private static void copyTree(Path src, Path dst) throws IOException {
    try (Stream<Path> all = Files.walk(src)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path t = dst.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
          Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else {
          Files.copy(p, t);
          Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
    }
  }
}
