package dev.multiproc.spi;

import dev.multiproc.function.ClassFilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The codec every frame goes through: a one-byte tag, then either a compact form for the values
 * tasks pass most (null, boxed primitives, strings, byte arrays, and {@link ArrayList}s of those)
 * or {@code java.io} serialization with a class filter ({@link JavaSerializationCodec}) for
 * everything else.
 *
 * <p>Why: {@code java.io} costs ~5.6 µs and 166 bytes to round-trip one {@code Integer} and
 * writes every boxed element of a list as an object with a handle; the compact form costs tens of
 * nanoseconds and 5 bytes. The compact types are all JDK value classes, so they never widen what
 * the class filter allows.
 *
 * <p>The filter's {@link ClassFilter.Limits} bound both directions: an encoded message is at most
 * {@code maxBytes} (past that, {@link EncodingException} naming its size), and decoding refuses a
 * list nested more than {@code maxDepth} deep or longer than {@code maxArrayLength}, and never
 * makes room for more items than the bytes left could hold (each item takes at least one).
 */
public final class TaggedCodec implements Codec {
  private static final int T_JAVA = 0;
  private static final int T_NULL = 1;
  private static final int T_INT = 2;
  private static final int T_LONG = 3;
  private static final int T_DOUBLE = 4;
  private static final int T_BOOLEAN = 5;
  private static final int T_STRING = 6;
  private static final int T_BYTES = 7;
  private static final int T_LIST = 8;

  private final JavaSerializationCodec java;
  private final ClassFilter.Limits limits;

  /**
   * Creates a codec that decodes only what {@code filter} allows.
   *
   * @param filter the allowed classes and the limits
   */
  public TaggedCodec(ClassFilter filter) {
    this(filter, List.of());
  }

  /**
   * Creates a backend module's codec: it decodes what {@code filter} allows and the backend's own
   * classes, which match {@code libraryPatterns}.
   *
   * @param filter the allowed classes and the limits
   * @param libraryPatterns the backend's own classes, as {@link ClassFilter} patterns
   */
  public TaggedCodec(ClassFilter filter, List<String> libraryPatterns) {
    this.java = new JavaSerializationCodec(filter, libraryPatterns);
    this.limits = filter.limits();
  }

  /**
   * Returns the limits of what one message may hold.
   *
   * @return the limits
   */
  public ClassFilter.Limits limits() {
    return limits;
  }

  /**
   * Returns a writer for one message, limited to {@code maxBytes}.
   *
   * @param capacity the initial capacity
   * @return the writer; its {@link ByteWriter#toByteArray} refuses more than the limit
   */
  public ByteWriter writer(int capacity) {
    return new ByteWriter(capacity, limits.maxBytes());
  }

  /**
   * Returns the {@code java.io} codec behind it.
   *
   * @return the codec
   */
  public JavaSerializationCodec java() {
    return java;
  }

  @Override
  public byte[] encode(Object value) {
    var out = writer(64);
    write(out, value);
    if (out.size() > out.limit()) {
      throw ByteWriter.tooLarge(value.getClass().getName(), out.size(), out.limit());
    }
    return out.toByteArray();
  }

  @Override
  public Object decode(byte[] bytes) {
    return read(new ByteReader(bytes, 0));
  }

  /**
   * Writes {@code value} in its tagged form.
   *
   * @param out where to write
   * @param value the value
   * @throws EncodingException if it cannot be encoded
   */
  public void write(ByteWriter out, Object value) {
    if (!writeCompact(out, value)) {
      byte[] bytes = java.encode(value);
      out.put(T_JAVA);
      out.putInt(bytes.length);
      out.put(bytes);
    }
  }

  /**
   * Writes {@code list} so that it decodes as an {@link ArrayList} with the same elements, without
   * copying it first: compact when every element is, else through {@code java.io}.
   *
   * @param out where to write
   * @param list the elements
   * @throws EncodingException if an element cannot be encoded
   */
  public void writeList(ByteWriter out, List<?> list) {
    if (list instanceof ArrayList<?> || !writeCompactList(out, list)) {
      write(out, list instanceof ArrayList<?> ? list : new ArrayList<>(list));
    }
  }

  private static boolean writeCompactList(ByteWriter out, List<?> list) {
    long start = out.size();
    out.put(T_LIST);
    out.putInt(list.size());
    for (Object item : list) {
      if (item instanceof List<?> || !writeCompact(out, item)) {
        out.truncate(start); // not all compact: the whole list goes through java.io
        return false;
      }
    }
    return true;
  }

  // instanceof, not a pattern switch: a JVM's first pattern switch bootstraps a class of its
  // own (5-40 ms of a fresh worker's CPU, measured on JDK 25), on the way to its first task
  @SuppressWarnings("IfChainToSwitch")
  private static boolean writeCompact(ByteWriter out, @Nullable Object value) {
    if (value == null) {
      out.put(T_NULL);
    } else if (value instanceof Integer i) {
      out.put(T_INT);
      out.putInt(i);
    } else if (value instanceof Long l) {
      out.put(T_LONG);
      out.putLong(l);
    } else if (value instanceof Double d) {
      out.put(T_DOUBLE);
      out.putLong(Double.doubleToRawLongBits(d));
    } else if (value instanceof Boolean b) {
      out.put(T_BOOLEAN);
      out.put(b ? 1 : 0);
    } else if (value instanceof String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      out.put(T_STRING);
      out.putInt(utf8.length);
      out.put(utf8);
    } else if (value instanceof byte[] b) {
      out.put(T_BYTES);
      out.putInt(b.length);
      out.put(b);
    } else if (value instanceof ArrayList<?> list) {
      return writeCompactList(out, list);
    } else {
      return false;
    }
    return true;
  }

  /**
   * Reads one tagged value.
   *
   * @param in where to read
   * @return the value
   * @throws DecodingException if a class is not allowed or the bytes are corrupt
   */
  public Object read(ByteReader in) {
    return read(in, 1);
  }

  /** Reads one tagged value nested {@code depth} deep (the message itself is 1). */
  // NullAway: null (Python's None) is a value the codecs carry, which Codec's Object does not say
  @SuppressWarnings("NullAway")
  private Object read(ByteReader in, int depth) {
    int tag = in.get();
    return switch (tag) {
      case T_JAVA -> {
        int length = in.getInt();
        int at = in.position();
        in.skip(length);
        yield java.decode(in.array(), at, length);
      }
      case T_NULL -> null;
      case T_INT -> in.getInt();
      case T_LONG -> in.getLong();
      case T_DOUBLE -> Double.longBitsToDouble(in.getLong());
      case T_BOOLEAN -> in.get() != 0;
      case T_STRING -> {
        int length = in.getInt();
        int at = in.position();
        in.skip(length);
        yield new String(in.array(), at, length, StandardCharsets.UTF_8);
      }
      case T_BYTES -> in.get(checkLength(in, in.getInt(), "a byte array of", "bytes"));
      case T_LIST -> {
        if (depth > limits.maxDepth()) {
          throw refused(
              "the value is nested more than "
                  + limits.maxDepth()
                  + " deep (ClassFilter.Limits maxDepth)");
        }
        // each item takes at least a byte: room for more than are left would be a bomb's
        int size = checkLength(in, in.getInt(), "a list of", "items");
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          list.add(read(in, depth + 1));
        }
        yield list;
      }
      default -> throw new DecodingException(null, "cannot decode: unknown tag " + tag, null);
    };
  }

  /** Checks an array's or list's length: it takes at least a byte per element. */
  private int checkLength(ByteReader in, int length, String what, String elements) {
    if (length < 0 || length > in.remaining()) {
      throw refused(
          what
              + " "
              + length
              + " "
              + elements
              + " with "
              + in.remaining()
              + " bytes left in the message, which cannot carry them (a corrupt or hostile"
              + " message)");
    }
    if (length > limits.maxArrayLength()) {
      throw refused(
          what
              + " "
              + length
              + " "
              + elements
              + ", over the limit of "
              + limits.maxArrayLength()
              + " (ClassFilter.Limits maxArrayLength)");
    }
    return length;
  }

  private static DecodingException refused(String why) {
    return new DecodingException(null, "cannot decode: " + why, null);
  }
}
