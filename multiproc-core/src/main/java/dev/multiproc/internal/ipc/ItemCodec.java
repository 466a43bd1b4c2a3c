package dev.multiproc.internal.ipc;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.spi.DecodingException;
import dev.multiproc.spi.EncodingException;
import dev.multiproc.spi.TaggedCodec;
import org.jspecify.annotations.Nullable;

/** The library codec as pipes and queues use it, with the errors their users see. */
final class ItemCodec {
  private static final TaggedCodec CODEC = new TaggedCodec(ClassFilter.defaults());

  private ItemCodec() {}

  /**
   * Encodes on the caller's thread.
   *
   * @param value the value
   * @param what what is being done, for the message ("send", "put")
   * @return its bytes
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
   * @param bytes the bytes
   * @param what what is being done, for the message ("receive", "get")
   * @return the object
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
