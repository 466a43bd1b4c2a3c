package dev.multiproc.internal.classes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * An application that exists only in a class loader of the test's: its source is compiled at
 * test time into a directory outside the class path, and loaded by a {@link URLClassLoader} whose
 * parent is the test's loader (so it sees the library). A worker JVM, started with the test's
 * class path, does not have it: it must load it from its caller.
 *
 * <p>The class {@code remote.app.Gone} is compiled and then deleted, so no one has it: a task that
 * names it fails.
 */
public final class RemoteCode implements AutoCloseable {
  static final String WORK = "remote.app.Work";

  private static final String SOURCE =
      """
      package remote.app;

      import dev.multiproc.function.SerializableCallable;
      import dev.multiproc.function.SerializableConsumer;
      import dev.multiproc.function.SerializableFunction;
      import dev.multiproc.ipc.MpQueue;
      import java.io.IOException;
      import java.io.InputStream;
      import java.io.Serializable;
      import java.nio.charset.StandardCharsets;

      public final class Work {
        private Work() {}

        /** A result: where it was made, and by which loader its class was defined there. */
        public record Made(int value, long pid, String loader) implements Serializable {
          static Made here(int value) {
            return new Made(value, ProcessHandle.current().pid(),
                String.valueOf(Made.class.getClassLoader().getName()));
          }
        }

        /** A task object of the application's own class. */
        public static final class Square implements SerializableFunction<Integer, Object> {
          @Override
          public Object applyChecked(Integer x) {
            return Made.here(x * x);
          }
        }

        /** Named only in a lambda's body: loaded when the lambda runs, not when it is decoded. */
        static final class Helper {
          static int scale(int x, int k) {
            return x * k + 1;
          }
        }

        public static SerializableFunction<Integer, Object> scaled(int k) {
          return x -> Made.here(Helper.scale(x, k));
        }

        public static SerializableFunction<Integer, Object> square() {
          return new Square();
        }

        public static SerializableConsumer<MpQueue<Object>> producer() {
          return q -> q.add(Made.here(Helper.scale(2, 3)));
        }

        public static SerializableCallable<Object> callable() {
          return () -> Made.here(7);
        }

        /** Reads a resource of the application's through its own class's loader. */
        public static SerializableCallable<Object> resource() {
          return () -> {
            try (InputStream in = Work.class.getResourceAsStream("/remote/app/data.txt")) {
              return in == null ? "none" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          };
        }

        /** Names a class that no one has. */
        public static SerializableFunction<Integer, Object> gone() {
          return x -> Gone.value(x);
        }
      }
      """;

  private static final String GONE =
      """
      package remote.app;

      final class Gone {
        static Object value(int x) {
          return x;
        }
      }
      """;

  private final Path dir;
  private final URLClassLoader loader;

  private RemoteCode(Path dir, URLClassLoader loader) {
    this.dir = dir;
    this.loader = loader;
  }

  /**
   * Compiles the application into a new temporary directory and loads it.
   *
   * @return the code
   * @throws IOException if it cannot be written or compiled
   */
  public static RemoteCode compile() throws IOException {
    return compile(true);
  }

  /**
   * Compiles the application into a new temporary directory and loads it with a loader that
   * serves its classes' bytes as resources, or one that does not (as a loader that defines
   * classes it generates in memory): then a caller has the classes and cannot send them.
   *
   * @param servesResources whether the loader serves {@code getResource} and friends
   * @return the code
   * @throws IOException if it cannot be written or compiled
   */
  public static RemoteCode compile(boolean servesResources) throws IOException {
    Path dir = Files.createTempDirectory("mp-remote-code-");
    Path src = dir.resolve("src/remote/app");
    Path classes = dir.resolve("classes");
    Files.createDirectories(src);
    Files.createDirectories(classes.resolve("remote/app"));
    Files.writeString(src.resolve("Work.java"), SOURCE, StandardCharsets.UTF_8);
    Files.writeString(src.resolve("Gone.java"), GONE, StandardCharsets.UTF_8);
    Files.writeString(
        classes.resolve("remote/app/data.txt"), "data of the application", StandardCharsets.UTF_8);
    // the JDK's javac, as a process: the tests' module does not read java.compiler
    String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
    List<String> args =
        new ArrayList<>(
            List.of(
                javac,
                "-d",
                classes.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-proc:none",
                "-nowarn"));
    args.add(src.resolve("Work.java").toString());
    args.add(src.resolve("Gone.java").toString());
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IllegalStateException("javac exited with " + p.exitValue() + ": " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while compiling", e);
    }
    Files.delete(classes.resolve("remote/app/Gone.class"));
    URL[] urls = {classes.toUri().toURL()};
    ClassLoader parent = RemoteCode.class.getClassLoader();
    var loader =
        servesResources
            ? new URLClassLoader("remote-app", urls, parent)
            : new URLClassLoader("remote-app-no-resources", urls, parent) {
              @Override
              public URL findResource(String name) {
                return null;
              }

              @Override
              public java.util.Enumeration<URL> findResources(String name) {
                return java.util.Collections.emptyEnumeration();
              }
            };
    return new RemoteCode(dir, loader);
  }

  /** The directory of the compiled classes. */
  Path classes() {
    return dir.resolve("classes");
  }

  /** The application's loader. */
  URLClassLoader loader() {
    return loader;
  }

  /**
   * Calls a static method of {@code remote.app.Work} without arguments.
   *
   * @param method its name
   * @param <T> what it returns
   * @return its value
   */
  @SuppressWarnings("unchecked")
  public <T> T call(String method) {
    try {
      return (T) loader.loadClass(WORK).getMethod(method).invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot call " + WORK + "." + method, e);
    }
  }

  /**
   * Calls {@code remote.app.Work.scaled(k)}.
   *
   * @param k the factor
   * @param <T> what it returns
   * @return its value
   */
  @SuppressWarnings("unchecked")
  <T> T scaled(int k) {
    try {
      return (T) loader.loadClass(WORK).getMethod("scaled", int.class).invoke(null, k);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot call " + WORK + ".scaled", e);
    }
  }

  /** A record component of a {@code Made}, by reflection. */
  static Object component(Object made, String name) {
    try {
      return made.getClass().getMethod(name).invoke(made);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("not a Made: " + made, e);
    }
  }

  /** Closes the loader and deletes the directory. */
  @Override
  public void close() {
    try {
      loader.close();
      try (Stream<Path> tree = Files.walk(dir)) {
        for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
