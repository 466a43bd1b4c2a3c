package dev.multiproc.internal.spawn;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.spi.TaggedCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * What a worker learns once it is given a job: its name and what it may decode.
 *
 * <p>It travels as one flat list of strings, numbers and a boolean, the codec's compact form:
 * through {@code java.io} it cost 0.4–0.9 ms to encode and about 1 ms to decode in a JVM whose JIT
 * had not compiled serialization yet (every new pool's set-up, per worker), the compact form a
 * few microseconds.
 *
 * @param name the worker's process name
 * @param filter the classes it may decode
 * @param parentName the name of the process that started it
 */
public record WorkerConfig(String name, ClassFilter filter, String parentName) {
  /** The items before the filter's allowed patterns. */
  private static final int FIXED = 7;

  private static final TaggedCodec COMPACT = new TaggedCodec(ClassFilter.only());

  /**
   * Returns the bytes of a {@code CONFIGURE} frame.
   *
   * @return the encoded config
   */
  public byte[] encode() {
    ClassFilter.Limits limits = filter.limits();
    var items = new ArrayList<Object>(FIXED + filter.allowed().size());
    items.add(name);
    items.add(parentName);
    items.add(filter.applicationClasses());
    items.add(limits.maxBytes());
    items.add(limits.maxDepth());
    items.add(limits.maxReferences());
    items.add(limits.maxArrayLength());
    items.addAll(filter.allowed());
    return COMPACT.encode(items);
  }

  /**
   * Reads what {@link #encode()} wrote.
   *
   * @param bytes the payload of a {@code CONFIGURE} frame
   * @return the config
   * @throws IllegalArgumentException if the bytes are not such a config
   */
  public static WorkerConfig decode(byte[] bytes) {
    Object value;
    try {
      value = COMPACT.decode(bytes);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("a worker's config is not readable: " + e, e);
    }
    if (!(value instanceof List<?> items)
        || items.size() < FIXED
        || !(items.get(0) instanceof String name)
        || !(items.get(1) instanceof String parentName)
        || !(items.get(2) instanceof Boolean applicationClasses)
        || !(items.get(3) instanceof Integer maxBytes)
        || !(items.get(4) instanceof Integer maxDepth)
        || !(items.get(5) instanceof Long maxReferences)
        || !(items.get(6) instanceof Integer maxArrayLength)) {
      throw new IllegalArgumentException(
          "a worker's config must be [name, parent, applicationClasses, maxBytes, maxDepth,"
              + " maxReferences, maxArrayLength, allowed...], not "
              + (value == null ? "null" : value.getClass().getName()));
    }
    List<String> allowed = new ArrayList<>(items.size() - FIXED);
    for (Object pattern : items.subList(FIXED, items.size())) {
      if (!(pattern instanceof String p)) {
        throw new IllegalArgumentException(
            "a worker's allowed class patterns must be strings, not " + pattern);
      }
      allowed.add(p);
    }
    var limits = new ClassFilter.Limits(maxBytes, maxDepth, maxReferences, maxArrayLength);
    return new WorkerConfig(name, new ClassFilter(applicationClasses, allowed, limits), parentName);
  }
}
