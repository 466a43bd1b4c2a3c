package dev.multiproc.internal.classes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A worker's loader of its caller's classes: a child of the worker's own class path, so a class
 * the worker has is loaded from there (fast, and the AOT cache applies), and what it lacks is
 * asked of the caller over the worker's channel ({@link CallerChannel}). The caller answers from
 * the loader the task's classes came from, so an application that lives only in Spring Boot's
 * nested jars, an isolated loader or jshell's memory runs in a worker as it does in its caller.
 *
 * <p>Each resource is asked for once: answers, found or not, are kept for the loader's life. A
 * loader serves one caller: the worker's own, or, in a worker whose parent runs tasks of several
 * callers (a cluster member), one of those ({@link #forOrigin}), whose requests name it so that
 * the parent answers from that caller's classes alone. A class the caller lacks too fails with a
 * {@link ClassNotFoundException} that names it and the caller's loaders.
 */
public final class CallerClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  /** The scheme of the URLs of resources that came from the caller. */
  static final String SCHEME = "multiproc-caller";

  private final CallerChannel channel;
  private final @Nullable String origin;
  private final Map<String, ClassReply> answers = new ConcurrentHashMap<>();

  /**
   * Creates the loader.
   *
   * @param channel the channel to the caller
   * @param parent the worker's own loader, asked first
   */
  public CallerClassLoader(CallerChannel channel, ClassLoader parent) {
    this(channel, parent, null);
  }

  private CallerClassLoader(CallerChannel channel, ClassLoader parent, @Nullable String origin) {
    super(origin == null ? "multiproc-caller" : "multiproc-caller-" + origin, parent);
    this.channel = channel;
    this.origin = origin;
  }

  /**
   * Makes a loader of the classes of another caller, whom the parent names {@code origin}: a
   * sibling of this one, which asks over the same channel.
   *
   * @param origin the caller's name
   * @return the loader
   */
  public CallerClassLoader forOrigin(String origin) {
    return new CallerClassLoader(channel, java.util.Objects.requireNonNull(getParent()), origin);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    String resource = name.replace('.', '/') + ".class";
    ClassReply reply;
    try {
      reply = answer(resource);
    } catch (IOException e) {
      throw new ClassNotFoundException(
          name
              + ": it is not on this worker's class path, and the"
              + " caller did not send it: "
              + e.getMessage(),
          e);
    }
    byte[] bytes = reply.bytes();
    if (bytes == null) {
      throw new ClassNotFoundException(
          name
              + ": it is not on this worker's class path, nor can"
              + " the caller send it: "
              + reply.why());
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  @Override
  protected @Nullable URL findResource(String name) {
    ClassReply reply;
    try {
      reply = answer(name);
    } catch (IOException e) {
      return null;
    }
    byte[] bytes = reply.bytes();
    return bytes == null ? null : url(name, reply.hashHex(), bytes);
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null
        ? Collections.emptyEnumeration()
        : Collections.enumeration(java.util.List.of(url));
  }

  private ClassReply answer(String resource) throws IOException {
    ClassReply known = answers.get(resource);
    if (known != null) {
      return known;
    }
    ClassReply reply = channel.fetch(origin, resource);
    answers.putIfAbsent(resource, reply);
    return reply;
  }

  /** A URL whose stream is the bytes the caller sent; its path names them by their hash. */
  private static URL url(String name, String hash, byte[] bytes) {
    URLStreamHandler handler =
        new URLStreamHandler() {
          @Override
          protected URLConnection openConnection(URL u) {
            return new URLConnection(u) {
              @Override
              public void connect() {
                connected = true;
              }

              @Override
              public InputStream getInputStream() {
                return new ByteArrayInputStream(bytes);
              }

              @Override
              public long getContentLengthLong() {
                return bytes.length;
              }
            };
          }
        };
    try {
      return URL.of(new URI(SCHEME, null, "/" + hash + "/" + name, null), handler);
    } catch (URISyntaxException | java.net.MalformedURLException e) {
      throw new IllegalArgumentException("a resource name that makes no URL: " + name, e);
    }
  }
}
