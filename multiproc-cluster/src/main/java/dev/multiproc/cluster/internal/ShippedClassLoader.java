package dev.multiproc.cluster.internal;

import dev.multiproc.spi.CallerClasses;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A member's loader of one caller's classes, fetched from that caller on first use ({@link
 * ClassShipping}) and kept: resources by name (a miss too, so a class the caller lacks is asked
 * for once), their bytes shared by content (SHA-256) with the loaders of other callers that sent
 * the same class. The member's own class path comes first: a class the member has is never
 * fetched.
 *
 * <p>The shared bytes are counted by their users: a loader {@linkplain #release() released} when
 * the member loses its caller gives up its uses, and bytes that no loader uses any more leave the
 * cache at once. (Not weak references: a loader stays reachable for as long as a class it defined
 * is, which only a garbage collection decides, while the member knows exactly when it drops a
 * caller.) A released loader still works for whatever holds it: it keeps its own bytes.
 */
final class ShippedClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  /** Bytes by their hash, shared by the callers' loaders that use them. */
  private static final Map<String, Shared> BY_HASH = new ConcurrentHashMap<>();

  /** Shared bytes and how many uses by loaders not yet released hold them. */
  private record Shared(byte[] bytes, int users) {}

  private static final byte[] MISSING = new byte[0];

  private final ClassShipping.Fetcher fetcher;
  private final String origin;

  /** Resource name to its bytes ({@link #MISSING} if the caller has none). */
  private final Map<String, byte[]> resources = new ConcurrentHashMap<>();

  /** The hashes of the shared bytes this loader uses, one per use; guarded by itself. */
  private final List<String> uses = new ArrayList<>();

  /** Whether the member dropped this loader's caller; guarded by {@link #uses}. */
  private boolean released;

  ShippedClassLoader(ClassShipping.Fetcher fetcher, String origin, ClassLoader parent) {
    super("multiproc-caller-" + origin, parent);
    this.fetcher = fetcher;
    this.origin = origin;
  }

  /** The hashes of the bytes cached now, for tests. */
  static Set<String> cachedHashes() {
    return Set.copyOf(BY_HASH.keySet());
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
              return found == null ? MISSING : share(reply.hash(), found);
            });
    return bytes == null || bytes == MISSING ? null : bytes;
  }

  /** The shared copy of {@code found}, counted as one more use (kept alone once released). */
  private byte[] share(String hash, byte[] found) {
    synchronized (uses) {
      if (released) {
        return found;
      }
      Shared shared =
          BY_HASH.merge(
              hash, new Shared(found, 1), (s, one) -> new Shared(s.bytes(), s.users() + 1));
      uses.add(hash);
      return shared.bytes();
    }
  }

  /**
   * Gives up this loader's uses of the shared bytes, as the member drops its caller: bytes that
   * no other loader uses leave the cache. Idempotent.
   */
  void release() {
    List<String> mine;
    synchronized (uses) {
      if (released) {
        return;
      }
      released = true;
      mine = List.copyOf(uses);
      uses.clear();
    }
    for (String hash : mine) {
      BY_HASH.computeIfPresent(
          hash, (h, s) -> s.users() == 1 ? null : new Shared(s.bytes(), s.users() - 1));
    }
  }
}
