package dev.multiproc.cluster.internal;

import dev.multiproc.spi.CallerClasses;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A member's loader of one caller's classes, fetched from that caller on first use ({@link
 * ClassShipping}) and kept: resources by name (a miss too, so a class the caller lacks is asked
 * for once), their bytes shared by content (SHA-256) with the loaders of other callers that sent
 * the same class. The member's own class path comes first: a class the member has is never
 * fetched.
 */
final class ShippedClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  /** Bytes by their hash, shared by all callers' loaders. */
  private static final Map<String, byte[]> BY_HASH = new ConcurrentHashMap<>();

  private static final byte[] MISSING = new byte[0];

  private final ClassShipping.Fetcher fetcher;
  private final String origin;

  /** Resource name to its bytes ({@link #MISSING} if the caller has none). */
  private final Map<String, byte[]> resources = new ConcurrentHashMap<>();

  ShippedClassLoader(ClassShipping.Fetcher fetcher, String origin, ClassLoader parent) {
    super("multiproc-caller-" + origin, parent);
    this.fetcher = fetcher;
    this.origin = origin;
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = shipped(name.replace('.', '/') + ".class");
    if (bytes == null) {
      throw new ClassNotFoundException(name + ", asked of caller " + origin);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  @Override
  public @Nullable InputStream getResourceAsStream(String name) {
    InputStream local = getParent() == null ? null : getParent().getResourceAsStream(name);
    if (local != null) {
      return local;
    }
    byte[] bytes = shipped(name);
    return bytes == null ? null : new ByteArrayInputStream(bytes);
  }

  /** The caller's resource, fetched once (a caller that did not answer is asked again). */
  private byte @Nullable [] shipped(String name) {
    byte[] bytes =
        resources.computeIfAbsent(
            name,
            n -> {
              CallerClasses.Resource reply = fetcher.fetch(origin, n);
              if (reply == null) {
                return null;
              }
              byte[] found = reply.bytes();
              return found == null ? MISSING : BY_HASH.computeIfAbsent(reply.hash(), h -> found);
            });
    return bytes == null || bytes == MISSING ? null : bytes;
  }
}
