package dev.multiproc.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The main class of a caller whose library is not on its class path: it loads {@link
 * LaunchCallerMain} (and with it the library) through a class loader of its own, as Spring Boot's
 * launcher, {@code mvn exec:java} or surefire's {@code forkCount=0} do, and runs it. Uses only the
 * JDK, so it can run from a directory that holds nothing else.
 *
 * <ul>
 *   <li>{@code urls JAR DIR MODE}: a {@link URLClassLoader} over the library's jar (a copy) and
 *       a directory of the caller's classes, parent the platform loader;
 *   <li>{@code memory APP.JAR MODE}: a loader that serves the jars nested in {@code APP.JAR}
 *       ({@code lib/*.jar}, as Spring Boot's {@code BOOT-INF/lib}) from memory, under {@code
 *       mem:} URLs that no other process can read.
 * </ul>
 */
public final class IsolatedBoot {
  private IsolatedBoot() {}

  /**
   * Runs {@link LaunchCallerMain} through the chosen loader.
   *
   * @param args the loader's kind and its arguments, then the caller's arguments
   * @throws Exception if the caller fails
   */
  public static void main(String[] args) throws Exception {
    ClassLoader loader;
    String[] rest;
    if (args[0].equals("urls")) {
      loader =
          new URLClassLoader(
              new URL[] {Path.of(args[1]).toUri().toURL(), Path.of(args[2]).toUri().toURL()},
              ClassLoader.getPlatformClassLoader());
      rest = Arrays.copyOfRange(args, 3, args.length);
    } else {
      loader = new MemoryLoader(args[1]);
      rest = Arrays.copyOfRange(args, 2, args.length);
    }
    Thread.currentThread().setContextClassLoader(loader);
    Class<?> main = Class.forName("dev.multiproc.faults.LaunchCallerMain", true, loader);
    Method m = main.getMethod("main", String[].class);
    m.invoke(null, (Object) rest);
    System.exit(0);
  }

  /** Serves the jars nested in an application jar from memory. */
  static final class MemoryLoader extends ClassLoader {
    /** Resource name → the nested jar's name, then its bytes. */
    private final Map<String, String> jarOf = new LinkedHashMap<>();

    private final Map<String, byte[]> bytes = new LinkedHashMap<>();
    private final Map<String, ProtectionDomain> domains = new LinkedHashMap<>();
    private final URLStreamHandler handler =
        new URLStreamHandler() {
          @Override
          protected URLConnection openConnection(URL u) {
            return new URLConnection(u) {
              @Override
              public void connect() {}

              @Override
              public InputStream getInputStream() throws IOException {
                String path = u.getPath();
                byte[] b = bytes.get(path.substring(path.lastIndexOf("!/") + 2));
                if (b == null) {
                  throw new IOException("no " + u);
                }
                return new java.io.ByteArrayInputStream(b);
              }
            };
          }
        };

    MemoryLoader(String appJar) throws IOException {
      super("memory", ClassLoader.getPlatformClassLoader());
      try (var app = new ZipFile(appJar)) {
        for (ZipEntry nested : Collections.list(app.entries())) {
          if (!nested.getName().endsWith(".jar")) {
            continue;
          }
          try (var jar = new JarInputStream(app.getInputStream(nested))) {
            for (ZipEntry e = jar.getNextEntry(); e != null; e = jar.getNextEntry()) {
              if (!e.isDirectory()) {
                var out = new ByteArrayOutputStream();
                jar.transferTo(out);
                jarOf.put(e.getName(), nested.getName());
                bytes.put(e.getName(), out.toByteArray());
              }
            }
          }
        }
      }
    }

    private URL url(String jar, String name) {
      try {
        return URL.of(java.net.URI.create("mem:/app.jar!/" + jar + "!/" + name), handler);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      String resource = name.replace('.', '/') + ".class";
      byte[] b = bytes.get(resource);
      if (b == null) {
        throw new ClassNotFoundException(name);
      }
      String jar = jarOf.get(resource);
      ProtectionDomain domain =
          domains.computeIfAbsent(
              jar,
              j ->
                  new ProtectionDomain(
                      new CodeSource(url(j, ""), (java.security.cert.Certificate[]) null),
                      null,
                      this,
                      null));
      return defineClass(name, b, 0, b.length, domain);
    }

    @Override
    protected URL findResource(String name) {
      return bytes.containsKey(name) ? url(jarOf.get(name), name) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
      URL url = findResource(name);
      return Collections.enumeration(url == null ? java.util.List.of() : java.util.List.of(url));
    }
  }
}
