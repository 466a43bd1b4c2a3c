package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.function.ClassFilter;
import dev.multiproc.spi.DecodingException;
import dev.multiproc.spi.EncodingException;
import dev.multiproc.spi.TaggedCodec;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Unique names for the cluster's shared objects, and the library codec for their items. */
final class HzNames {
  private static final TaggedCodec CODEC = ClusterClasses.codec(ClassFilter.defaults());

  private HzNames() {}

  /**
   * Returns a name no other object of the cluster has, naming the JVM that made it: when that
   * JVM's lease ends ({@link HzLeases}), a member destroys every object whose name carries it.
   *
   * @param hz the member or client making the object
   * @param kind what the object is ("queue", "lock" …)
   * @return {@code multiproc-<kind>-<maker's uuid>-<uuid>}
   */
  static String unique(HazelcastInstance hz, String kind) {
    return "multiproc-" + kind + "-" + HzLeases.ownerId(hz) + "-" + UUID.randomUUID();
  }

  /**
   * Encodes on the caller's thread.
   *
   * @throws IllegalArgumentException naming the class that cannot be encoded
   */
  // NullAway: null (Python's None) is a value the codecs carry, which Codec's Object does not say
  @SuppressWarnings("NullAway")
  static byte[] encode(@Nullable Object value, String what) {
    try {
      return CODEC.encode(value);
    } catch (EncodingException e) {
      throw new IllegalArgumentException("cannot " + what + " the object: " + e.getMessage(), e);
    }
  }

  /**
   * Decodes bytes made by {@link #encode}.
   *
   * @throws IllegalStateException naming the class that is not allowed or missing
   */
  static @Nullable Object decode(byte[] bytes, String what) {
    try {
      return CODEC.decode(bytes);
    } catch (DecodingException e) {
      throw new IllegalStateException("cannot " + what + " the object: " + e.getMessage(), e);
    }
  }
}
