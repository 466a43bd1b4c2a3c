package dev.multiproc.spi;

import dev.multiproc.internal.classes.ClassReply;
import dev.multiproc.internal.classes.ClassServer;
import dev.multiproc.internal.classes.ClassSources;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The class channel, for a backend whose workers run code that another JVM sent: the class
 * loaders this JVM answers its workers' class requests from, and the reply format of a request,
 * so that a backend can carry requests and replies over its own transport.
 */
public final class CallerClasses {
  private CallerClasses() {}

  /**
   * A found resource or why there is none.
   *
   * @param bytes the resource's bytes, or null when it was not found
   * @param hash the hex SHA-256 of the bytes, or "-"
   * @param why why it was not found, or ""
   */
  public record Resource(byte @Nullable [] bytes, String hash, String why) {}

  /**
   * Adds a loader that this JVM's workers' class requests, and its decoding of what they send,
   * are answered from. Loaders are held weakly: the caller keeps it alive as long as it serves.
   *
   * @param loader the loader
   */
  public static void serveFrom(ClassLoader loader) {
    ClassSources.recordLoader(loader);
  }

  /**
   * Serves one caller's classes from {@code loader}: the class requests of a worker running that
   * caller's tasks ({@link TaskEngine#submit(byte[], String)}) are answered from it alone, and the
   * results of those tasks are decoded with it. Held until {@link #stopServing}.
   *
   * @param origin the caller's name (no newline)
   * @param loader the loader of its classes
   * @throws IllegalArgumentException if the name is empty or has a newline
   */
  public static void serveFor(String origin, ClassLoader loader) {
    if (origin.isEmpty() || origin.indexOf('\n') >= 0) {
      throw new IllegalArgumentException(
          "a caller's name must be a non-empty line, not '" + origin + "'");
    }
    ClassSources.serveFor(origin, loader);
  }

  /**
   * Stops serving a caller's classes ({@link #serveFor}), as its caller is gone: workers that ask
   * for them from then on are told there are none.
   *
   * @param origin the caller's name
   */
  public static void stopServing(String origin) {
    ClassSources.stopServing(origin);
  }

  /**
   * Returns the loaders this JVM answers from, the most recently added first.
   *
   * @return the loaders
   */
  public static List<ClassLoader> loaders() {
    return ClassSources.loaders();
  }

  /**
   * Finds a resource (a class file, as {@code com/example/Task.class}) in {@code loaders} and
   * returns the reply to send for it.
   *
   * @param name the resource's name
   * @param loaders where to look, in order
   * @return the encoded reply
   */
  public static byte[] answer(String name, List<ClassLoader> loaders) {
    return ClassServer.find(name, loaders).encode();
  }

  /**
   * Reads a reply that {@link #answer} made.
   *
   * @param reply the encoded reply
   * @return the resource, or why there is none
   * @throws IllegalArgumentException if the bytes are not such a reply, or the resource's bytes
   *     are not those its hash names
   */
  public static Resource read(byte[] reply) {
    ClassReply r = ClassReply.decode(reply);
    byte[] bytes = r.bytes();
    if (bytes != null && !ClassReply.found(bytes).hashHex().equals(r.hashHex())) {
      throw new IllegalArgumentException(
          "a class reply whose "
              + bytes.length
              + " bytes are not those its hash "
              + r.hashHex()
              + " names");
    }
    return new Resource(bytes, r.hashHex(), r.why());
  }
}
