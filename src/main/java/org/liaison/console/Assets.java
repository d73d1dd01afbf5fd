package org.liaison.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Static files from one classpath folder, read once and kept with their content type and a strong
 * ETag. The jar does not change while the process runs, so neither do the bytes.
 */
final class Assets {
  /** Relative paths of plain segments only: no "..", no hidden files, no backslashes. */
  private static final Pattern SAFE = Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");

  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("geojson", "application/geo+json"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("woff2", "font/woff2"),
      Map.entry("md", "text/markdown; charset=utf-8"));

  /** One file as served. */
  record Asset(byte[] bytes, String contentType, String etag) {}

  private final String folder;
  private final ClassLoader loader;
  /** Only files that exist are kept, so requests for made-up paths cannot grow it. */
  private final Map<String, Asset> cache = new ConcurrentHashMap<>();

  /** @param folder the classpath folder, without leading or trailing slash */
  Assets(String folder, ClassLoader loader) {
    this.folder = folder;
    this.loader = loader;
  }

  /** The file at {@code path} below the folder, or empty when there is none or its type is not served. */
  Optional<Asset> get(String path) {
    if (path == null || path.length() > 200 || !SAFE.matcher(path).matches()) {
      return Optional.empty();
    }
    String type = TYPES.get(extension(path));
    if (type == null) {
      return Optional.empty();
    }
    Asset a = cache.get(path);
    if (a == null) {
      a = load(path, type);
      if (a == null) {
        return Optional.empty();
      }
      cache.putIfAbsent(path, a);
    }
    return Optional.of(a);
  }

  private Asset load(String path, String type) {
    String name = folder + "/" + path;
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readAllBytes();
      return new Asset(bytes, type, etag(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("reading classpath resource " + name, e);
    }
  }

  private static String extension(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(dot + 1);
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 22) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
