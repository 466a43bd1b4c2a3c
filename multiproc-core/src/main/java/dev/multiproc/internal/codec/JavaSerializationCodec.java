package dev.multiproc.internal.codec;

import dev.multiproc.function.ClassFilter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The codec: {@code java.io} serialization, with an {@link ObjectInputFilter} built from a {@link
 * ClassFilter} so that decoding never instantiates a class outside the allowed set.
 *
 * <p>Chosen over Apache Fory after measuring both (see the benchmarks module's {@code
 * CodecBenchmark}): for the small frames of a process pool the costs are close and dominated by
 * the socket round trip, while {@code java.io} round-trips serializable lambdas, records and
 * exceptions with their stack traces natively, needs no {@code --add-opens} and keeps the core
 * free of dependencies.
 */
public final class JavaSerializationCodec implements Codec {
  private final ClassFilter filter;

  /**
   * Creates a codec that decodes only what {@code filter} allows.
   *
   * @param filter the allowed classes
   */
  public JavaSerializationCodec(ClassFilter filter) {
    this.filter = Objects.requireNonNull(filter, "filter");
  }

  /**
   * Returns the filter this codec decodes with.
   *
   * @return the filter
   */
  public ClassFilter filter() {
    return filter;
  }

  @Override
  public byte[] encode(Object value) {
    var bytes = new ByteArrayOutputStream(256);
    try (var out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      String className = e.getMessage();
      throw new EncodingException(
          className,
          "cannot send a value of class " + className + ": it is not Serializable"
              + CaptureFinder.describe(value, className),
          e);
    } catch (IOException | RuntimeException e) {
      String className = value.getClass().getName();
      throw new EncodingException(
          className, "cannot send a value of class " + className + ": " + e, e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /**
   * Decodes {@code length} bytes of {@code bytes} from {@code offset}.
   *
   * @param bytes the array
   * @param offset where the encoded object starts
   * @param length its length
   * @return the object
   * @throws DecodingException naming the class that is not allowed or cannot be found
   */
  public Object decode(byte[] bytes, int offset, int length) {
    var check = new Check(filter);
    try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes, offset, length))) {
      in.setObjectInputFilter(check);
      return in.readObject();
    } catch (InvalidClassException e) {
      if (check.refused != null) {
        throw new DecodingException(
            check.refused,
            "class not allowed: " + check.refused + " is outside the ClassFilter (" + filter + ")",
            e);
      }
      throw new DecodingException(e.classname, "cannot decode: " + e.getMessage(), e);
    } catch (ClassNotFoundException e) {
      throw new DecodingException(
          e.getMessage(),
          "class not found: " + e.getMessage() + " is not on this process's class path",
          e);
    } catch (IOException | RuntimeException e) {
      throw new DecodingException(null, "cannot decode: " + e, e);
    }
  }

  /** The ObjectInputFilter of one decode; remembers the class it refused. */
  private static final class Check implements ObjectInputFilter {
    private final ClassFilter filter;
    private @Nullable String refused;

    Check(ClassFilter filter) {
      this.filter = filter;
    }

    @Override
    public Status checkInput(FilterInfo info) {
      Class<?> type = info.serialClass();
      if (type == null || filter.allows(type)) {
        return Status.UNDECIDED;
      }
      refused = type.getName();
      return Status.REJECTED;
    }
  }
}
