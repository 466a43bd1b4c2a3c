package dev.multiproc.internal.spawn;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.jspecify.annotations.Nullable;

/**
 * A jar of one of the library's artifacts, made from the bytes its class loader serves, for
 * workers of a caller that loaded the library from something they cannot use (a jar inside a jar,
 * memory).
 *
 * <p>The build lists each artifact's files in {@code META-INF/multiproc/<artifact>.classes}. The
 * jar is content-addressed: {@code <cache>/lib/<sha256 of the names and bytes>.jar}, where {@code
 * <cache>} is the one the AOT cache uses ({@code ~/.cache/multiproc} or as configured), so every
 * process of the same library build finds the same file and makes it only once. It is written to
 * a temporary file and renamed into place, so no process ever sees a partial jar; the directory
 * is private (0700).
 */
final class LibraryJar {
  private static final System.Logger LOG = System.getLogger("dev.multiproc.spawn");

  private static final String LISTING_DIR = "META-INF/multiproc/";

  private LibraryJar() {}

  /**
   * Returns the resource name of an artifact's listing.
   *
   * @param artifact such as {@code multiproc-core}
   * @return the name, such as {@code META-INF/multiproc/multiproc-core.classes}
   */
  static String listingName(String artifact) {
    return LISTING_DIR + artifact + ".classes";
  }

  /**
   * Returns the jar of an artifact, making it if no process made it yet, or null when the
   * artifact's bytes cannot be read or the jar cannot be written (logged).
   *
   * @param artifact the artifact
   * @param listing its listing, as {@code loader} serves it
   * @param loader the class loader that loaded the artifact
   * @return the jar, or null
   */
  static @Nullable Path materialize(String artifact, URL listing, ClassLoader loader) {
    Path dir = directory();
    if (dir == null) {
      LOG.log(
          System.Logger.Level.WARNING,
          "workers cannot get "
              + artifact
              + ": its classes are "
              + "not in a plain jar ("
              + listing
              + ") and there is no cache directory (user.home)");
      return null;
    }
    try {
      Map<String, byte[]> files = read(artifact, listing, loader);
      Path jar = dir.resolve(digest(files) + ".jar");
      if (isOurs(jar)) {
        return jar;
      }
      write(files, jar);
      LOG.log(
          System.Logger.Level.DEBUG,
          () ->
              "made "
                  + jar
                  + " of "
                  + artifact
                  + " for workers ("
                  + files.size()
                  + " files from "
                  + listing
                  + ")");
      return jar;
    } catch (IOException | RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "workers cannot get "
              + artifact
              + ": its classes are "
              + "not in a plain jar ("
              + listing
              + ") and a jar of them cannot be made in "
              + dir,
          e);
      return null;
    }
  }

  /** {@code <cache>/lib}, or null without a cache directory. */
  static @Nullable Path directory() {
    Path root = AotCache.cacheRoot();
    return root == null ? null : root.resolve("lib");
  }

  /** The listed files, each as the loader serves it. */
  private static Map<String, byte[]> read(String artifact, URL listing, ClassLoader loader)
      throws IOException {
    String text;
    try (InputStream in = listing.openStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String base = listing.toString();
    base = base.substring(0, base.length() - listingName(artifact).length());
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String line : text.lines().map(String::strip).toList()) {
      if (line.isEmpty() || line.endsWith("/") || line.startsWith("#")) {
        continue;
      }
      // every jar has its own module-info.class: the artifact's is the one under its base
      byte[] bytes =
          line.endsWith(".class") && !line.endsWith("module-info.class")
              ? classBytes(line, loader)
              : resourceBytes(line, base, loader);
      if (bytes == null) {
        if (line.endsWith(".class")) {
          throw new IOException("the class loader " + loader + " does not serve " + line);
        }
        continue; // a resource another jar shadows: the worker finds that jar's own
      }
      files.put(line, bytes);
    }
    if (files.isEmpty()) {
      throw new IOException("the listing " + listing + " names no file");
    }
    return files;
  }

  private static byte @Nullable [] classBytes(String name, ClassLoader loader) throws IOException {
    try (InputStream in = loader.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  /** A resource of this artifact's own (not one of the same name from another jar). */
  private static byte @Nullable [] resourceBytes(String name, String base, ClassLoader loader)
      throws IOException {
    Enumeration<URL> urls = loader.getResources(name);
    while (urls.hasMoreElements()) {
      URL url = urls.nextElement();
      if (url.toString().equals(base + name)) {
        try (InputStream in = url.openStream()) {
          return in.readAllBytes();
        }
      }
    }
    return null;
  }

  private static String digest(Map<String, byte[]> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (var f : files.entrySet()) {
        sha.update(f.getKey().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Long.toString(f.getValue().length).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) 0);
        sha.update(f.getValue());
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /** Whether {@code jar} is a regular file (not a link) of this user: one we made. */
  private static boolean isOurs(Path jar) {
    try {
      return Files.isRegularFile(jar, LinkOption.NOFOLLOW_LINKS)
          && Files.getOwner(jar, LinkOption.NOFOLLOW_LINKS)
              .getName()
              .equals(System.getProperty("user.name"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void write(Map<String, byte[]> files, Path jar) throws IOException {
    Path dir = java.util.Objects.requireNonNull(jar.getParent(), "the jar's directory");
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir.getParent());
      try {
        Files.createDirectory(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // another process made it
      }
    }
    Path tmp = Files.createTempFile(dir, jar.getFileName() + ".", ".tmp");
    try {
      var manifest = new Manifest();
      manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      manifest.getMainAttributes().putValue("Created-By", "multiproc (for its worker JVMs)");
      try (OutputStream out = Files.newOutputStream(tmp);
          var jarOut = new JarOutputStream(out, manifest)) {
        Set<String> dirs = new HashSet<>();
        for (var f : files.entrySet()) {
          addDirectories(jarOut, f.getKey(), dirs);
          var entry = new JarEntry(f.getKey());
          entry.setTime(FIXED_TIME);
          jarOut.putNextEntry(entry);
          jarOut.write(f.getValue());
          jarOut.closeEntry();
        }
      }
      try {
        Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** 1 Feb 1980, the first time a zip entry can hold: the same bytes make the same jar. */
  private static final long FIXED_TIME = 315_532_800_000L + 31L * 86_400_000L;

  private static void addDirectories(JarOutputStream jar, String name, Set<String> done)
      throws IOException {
    for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
      String dir = name.substring(0, slash + 1);
      if (done.add(dir)) {
        var entry = new JarEntry(dir);
        entry.setTime(FIXED_TIME);
        jar.putNextEntry(entry);
        jar.closeEntry();
      }
    }
  }
}
