package dev.multiproc.internal.spawn;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import org.jspecify.annotations.Nullable;

/**
 * Where a worker finds the library itself: its class path is the caller's, with the library's own
 * jars first when the caller's class path does not provide them.
 *
 * <p>The caller may have loaded the library from somewhere its {@code java.class.path} does not
 * say: a Spring Boot executable jar ({@code BOOT-INF/lib/*.jar} inside the application's jar),
 * {@code mvn exec:java} or surefire with {@code forkCount=0} (an isolated class loader over jars
 * of the local repository), jshell's {@code --execution local}. The library's classes then come
 * from their code source when it is a plain jar or directory, and otherwise from a jar made of
 * the bytes the caller's class loader serves ({@link LibraryJar}), listed at build time in {@code
 * META-INF/multiproc/<artifact>.classes} of each of the library's jars (core, and cluster when
 * present: a cluster member's workers decode its tasks).
 *
 * <p>Cost: none in the common case (the library's code source is on the class path, or the
 * library was loaded by the application class loader from the class path it started with); the
 * class path is scanned for the library at most once per distinct class path, and a jar is made
 * at most once per process (and reused across processes: it is content-addressed).
 */
final class LibraryPath {
  /** The library's jars that carry a class listing, in class-path order. */
  static final List<String> ARTIFACTS = List.of("multiproc-core", "multiproc-cluster");

  private static final String ANCHOR = WorkerMain.class.getName().replace('.', '/') + ".class";

  /** The application class path this JVM started with, which its class loader was built from. */
  private static final String STARTUP_CLASS_PATH = System.getProperty("java.class.path", "");

  private static final @Nullable Path CODE_SOURCE = codeSource(WorkerMain.class);

  /** Class path → the worker's class path, for the class paths seen. */
  private static final Map<String, String> CLASS_PATHS = new ConcurrentHashMap<>();

  private static volatile @Nullable List<Library> libraries;

  /**
   * One of the library's jars as a worker can use it.
   *
   * @param artifact its artifact, such as {@code multiproc-core}
   * @param path a jar or directory a worker can put on its class path
   */
  record Library(String artifact, Path path) {
    String marker() {
      return LibraryJar.listingName(artifact);
    }
  }

  private LibraryPath() {}

  /**
   * Returns a worker's class path: {@code classPath} with the library's jars first where it does
   * not provide them.
   *
   * @param classPath the caller's class path
   * @return the worker's class path
   */
  static String workerClassPath(String classPath) {
    if (WorkerMain.class.getModule().isNamed()) {
      return classPath; // the library is on the module path, see workerModulePath
    }
    return CLASS_PATHS.computeIfAbsent(classPath, LibraryPath::withLibrary);
  }

  private static String withLibrary(String classPath) {
    List<String> entries = entries(classPath);
    if (CODE_SOURCE != null && entries.contains(CODE_SOURCE.toString())) {
      return classPath;
    }
    if (WorkerMain.class.getClassLoader() == ClassLoader.getSystemClassLoader()
        && classPath.equals(STARTUP_CLASS_PATH)) {
      return classPath; // e.g. a jar whose manifest's Class-Path names the library's jar
    }
    List<String> first = new ArrayList<>();
    for (Library library : libraries()) {
      String path = library.path().toString();
      if (!entries.contains(path) && !provides(entries, library)) {
        first.add(path);
      }
    }
    if (first.isEmpty()) {
      return classPath;
    }
    if (!classPath.isEmpty()) {
      first.add(classPath);
    }
    return String.join(File.pathSeparator, first);
  }

  /**
   * Returns a worker's module path: {@code modulePath} with the library's module first when the
   * library is a named module that it lacks.
   *
   * @param modulePath the caller's module path
   * @return the worker's module path
   */
  static String workerModulePath(String modulePath) {
    if (!WorkerMain.class.getModule().isNamed()
        || CODE_SOURCE == null
        || entries(modulePath).contains(CODE_SOURCE.toString())) {
      return modulePath;
    }
    return modulePath.isEmpty()
        ? CODE_SOURCE.toString()
        : CODE_SOURCE + File.pathSeparator + modulePath;
  }

  /** The library's jars as workers can use them, found (and made, if need be) once. */
  static List<Library> libraries() {
    List<Library> found = libraries;
    if (found == null) {
      synchronized (LibraryPath.class) {
        found = libraries;
        if (found == null) {
          found = find();
          libraries = found;
        }
      }
    }
    return found;
  }

  private static List<Library> find() {
    ClassLoader loader = WorkerMain.class.getClassLoader();
    List<Library> found = new ArrayList<>();
    for (String artifact : ARTIFACTS) {
      URL listing = loader.getResource(LibraryJar.listingName(artifact));
      if (listing == null) {
        if (artifact.equals(ARTIFACTS.getFirst()) && CODE_SOURCE != null) {
          found.add(new Library(artifact, CODE_SOURCE)); // built without its listing
        }
        continue;
      }
      Path root = plainRoot(listing, LibraryJar.listingName(artifact));
      if (root != null) {
        found.add(new Library(artifact, root));
        continue;
      }
      Path jar = LibraryJar.materialize(artifact, listing, loader);
      if (jar != null) {
        found.add(new Library(artifact, jar));
      }
    }
    return List.copyOf(found);
  }

  /** Whether a class-path entry holds the library's jar (its listing, or the core's anchor). */
  private static boolean provides(List<String> entries, Library library) {
    for (String entry : entries) {
      Path path = Path.of(entry.isEmpty() ? "." : entry);
      if (holds(path, library.marker())
          || (library.artifact().equals(ARTIFACTS.getFirst()) && holds(path, ANCHOR))) {
        return true;
      }
    }
    return false;
  }

  private static boolean holds(Path entry, String resource) {
    if (Files.isDirectory(entry)) {
      return Files.isRegularFile(entry.resolve(resource));
    }
    if (!Files.isRegularFile(entry)) {
      return false;
    }
    try (var jar = new JarFile(entry.toFile(), false)) {
      return jar.getEntry(resource) != null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static List<String> entries(String path) {
    if (path.isEmpty()) {
      return List.of();
    }
    List<String> entries = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator, -1)) {
      entries.add(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().normalize().toString());
    }
    return entries;
  }

  /** The plain jar or directory a class was loaded from, or null when it is not one. */
  static @Nullable Path codeSource(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    if (location == null || !"file".equals(location.getProtocol())) {
      return null;
    }
    try {
      Path path = Path.of(location.toURI()).toAbsolutePath().normalize();
      return Files.isRegularFile(path) || Files.isDirectory(path) ? path : null;
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Returns the plain jar or directory a listing was found in, or null when it is inside
   * something a worker cannot put on its class path (a jar in a jar, memory).
   */
  static @Nullable Path plainRoot(URL listing, String name) {
    try {
      String url = listing.toString();
      if (url.startsWith("file:") && url.endsWith("/" + name)) {
        Path dir = Path.of(new URI(url.substring(0, url.length() - name.length())));
        return Files.isDirectory(dir) ? dir.toAbsolutePath().normalize() : null;
      }
      String inner = "!/" + name;
      if (url.startsWith("jar:file:") && url.endsWith(inner)) {
        String jar = url.substring("jar:".length(), url.length() - inner.length());
        if (jar.contains("!/")) {
          return null; // a jar inside a jar
        }
        Path path = Path.of(new URI(jar));
        return Files.isRegularFile(path) ? path.toAbsolutePath().normalize() : null;
      }
      return null;
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }
}
