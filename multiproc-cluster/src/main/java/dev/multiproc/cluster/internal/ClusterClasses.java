package dev.multiproc.cluster.internal;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.spi.TaggedCodec;
import java.util.List;

/**
 * The cluster's own classes that travel in tasks, replies and queue items (its queue and lock
 * handles, a pool's initializer wrapper): every codec of the cluster decodes them, whatever
 * {@link ClassFilter} the user gave, as every filter allows the core library's own types.
 */
final class ClusterClasses {
  /** The cluster's own classes, as {@link ClassFilter} patterns. */
  static final List<String> PATTERNS = List.of("dev.multiproc.cluster.internal.*");

  private ClusterClasses() {}

  /**
   * Returns a codec that decodes what {@code filter} allows and the cluster's own classes.
   *
   * @param filter the user's filter
   * @return the codec
   */
  static TaggedCodec codec(ClassFilter filter) {
    return new TaggedCodec(filter, PATTERNS);
  }
}
