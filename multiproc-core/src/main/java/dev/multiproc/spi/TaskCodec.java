package dev.multiproc.spi;

import dev.multiproc.function.SerializableFunction;
import dev.multiproc.internal.classes.ClassSources;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Encodes the tasks a pool sends, so that the function of {@code apply} and {@code map} is not
 * serialized and deserialized again for every call.
 *
 * <pre>
 *   APPLY | fn | arg (tagged)        CHUNK | fn | args (tagged list)        OTHER | task (tagged)
 *   fn: cacheable (byte) | length (int) | java.io bytes
 * </pre>
 *
 * <p>A lambda or method reference that captures nothing is the same function whatever its
 * instance: its bytes are made once per class in the caller, and the worker decodes the same
 * bytes once and reuses the function ({@link #FUNCTIONS_KEPT} of them, least recently used first
 * out), for the same caller's classes only: callers of a worker that serves several (a cluster
 * member's) may send the same bytes for different versions of a class. A capturing lambda is
 * encoded and decoded every time.
 *
 * <p>Confinement: encoding is thread-safe; decoding is for the worker's one task thread.
 */
public final class TaskCodec {
  private static final int APPLY = 1;
  private static final int CHUNK = 2;
  private static final int OTHER = 3;

  /** Decoded functions a worker keeps. */
  static final int FUNCTIONS_KEPT = 64;

  /**
   * The bytes of each cacheable function class, made once. A {@link ClassValue}, not a map: it
   * does not keep the class, and so its loader, from being unloaded (a redeployed application's).
   */
  private static final ClassValue<AtomicReference<byte @Nullable []>> ENCODED =
      new ClassValue<>() {
        @Override
        protected AtomicReference<byte @Nullable []> computeValue(Class<?> type) {
          return new AtomicReference<>();
        }
      };

  private final TaggedCodec codec;

  /** A decoded function's bytes and the loader of the caller's classes they were decoded with. */
  private record Decoded(@Nullable ClassLoader caller, ByteBuffer bytes) {}

  private final Map<Decoded, Object> decoded =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Decoded, Object> eldest) {
          return size() > FUNCTIONS_KEPT;
        }
      };

  /**
   * Creates a task codec over a value codec.
   *
   * @param codec encodes the arguments, results and functions
   */
  public TaskCodec(TaggedCodec codec) {
    this.codec = codec;
  }

  TaggedCodec values() {
    return codec;
  }

  /**
   * Encodes a task.
   *
   * @param task the task
   * @return its bytes
   * @throws EncodingException if it cannot be encoded
   */
  @SuppressWarnings("IfChainToSwitch") // see TaggedCodec's writeCompact
  public byte[] encode(PoolTask task) {
    var out = codec.writer(128);
    if (task instanceof Tasks.Apply apply) {
      out.put(APPLY);
      writeFunction(out, apply.fn());
      codec.write(out, apply.arg());
    } else if (task instanceof Tasks.Chunk chunk) {
      out.put(CHUNK);
      writeFunction(out, chunk.fn());
      codec.writeList(out, chunk.args());
    } else {
      out.put(OTHER);
      codec.write(out, task);
    }
    return out.toByteArray();
  }

  private void writeFunction(ByteWriter out, Object fn) {
    Class<?> type = fn.getClass();
    boolean cacheable = type.isHidden() && type.getDeclaredFields().length == 0;
    byte[] bytes = null;
    if (cacheable) {
      AtomicReference<byte @Nullable []> made = ENCODED.get(type);
      bytes = made.get();
      if (bytes == null) {
        bytes = codec.java().encode(fn);
        made.set(bytes);
      }
    } else {
      bytes = codec.java().encode(fn);
    }
    out.put(cacheable ? 1 : 0);
    out.putInt(bytes.length);
    out.put(bytes);
  }

  /**
   * Decodes a task, reusing a function decoded before when it can.
   *
   * @param bytes the task's bytes
   * @return the task
   * @throws DecodingException if it cannot be decoded
   */
  @SuppressWarnings("unchecked")
  public PoolTask decode(byte[] bytes) {
    var in = new ByteReader(bytes, 0);
    int kind = in.get();
    return switch (kind) {
      case APPLY ->
          new Tasks.Apply((SerializableFunction<Object, Object>) readFunction(in), codec.read(in));
      case CHUNK ->
          new Tasks.Chunk(
              (SerializableFunction<Object, Object>) readFunction(in),
              (List<Object>) codec.read(in));
      case OTHER -> (PoolTask) codec.read(in);
      default -> throw new IllegalArgumentException("unknown task kind " + kind);
    };
  }

  private Object readFunction(ByteReader in) {
    boolean cacheable = in.get() != 0;
    int length = in.getInt();
    int at = in.position();
    in.skip(length);
    if (!cacheable) {
      return codec.java().decode(in.array(), at, length);
    }
    ClassLoader caller = ClassSources.caller();
    Object fn = decoded.get(new Decoded(caller, ByteBuffer.wrap(in.array(), at, length)));
    if (fn == null) {
      fn = codec.java().decode(in.array(), at, length);
      decoded.put(
          new Decoded(caller, ByteBuffer.wrap(Arrays.copyOfRange(in.array(), at, at + length))),
          fn);
    }
    return fn;
  }
}
