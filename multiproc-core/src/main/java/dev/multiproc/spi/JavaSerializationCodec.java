package dev.multiproc.spi;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.internal.classes.ClassSources;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The codec: {@code java.io} serialization, with an {@link ObjectInputFilter} built from a {@link
 * ClassFilter} so that decoding never instantiates a class outside the allowed set, and stays
 * within the filter's {@link ClassFilter.Limits}.
 *
 * <p>Chosen over Apache Fory after measuring both (see the benchmarks module's {@code
 * CodecBenchmark}): for the small frames of a process pool the costs are close and dominated by
 * the socket round trip, while {@code java.io} round-trips serializable lambdas, records and
 * exceptions with their stack traces natively, needs no {@code --add-opens} and keeps the core
 * free of dependencies.
 *
 * <p>Limits, per stream (one value): its bytes ({@code maxBytes}), how deeply its objects nest
 * ({@code maxDepth}), how many objects and back references it holds ({@code maxReferences}), and
 * the length of each array or collection table ({@code maxArrayLength}, and never more elements
 * than the stream's bytes could carry: a primitive array's bytes follow it in the stream, and a
 * collection's table is at most a few slots per element). Each check is a comparison in the
 * filter, which the stream calls before it allocates or descends.
 *
 * <p>Encoding never stores more than {@code maxBytes}: past that it counts, to name the size in
 * the error. A value whose objects nest deeper than the thread's stack allows fails with an
 * {@link EncodingException} that says so, not a {@link StackOverflowError}; its partial bytes are
 * dropped with the stream.
 */
public final class JavaSerializationCodec implements Codec {
  /** Frames of a stack overflow kept in the cause: the rest repeat. */
  private static final int OVERFLOW_FRAMES = 24;

  private final ClassFilter filter;
  private final ClassFilter library;
  private final ClassFilter.Limits limits;

  /**
   * Creates a codec that decodes only what {@code filter} allows.
   *
   * @param filter the allowed classes and the limits
   */
  public JavaSerializationCodec(ClassFilter filter) {
    this(filter, List.of());
  }

  /**
   * Creates a codec that decodes what {@code filter} allows and the classes of a backend module
   * that match {@code libraryPatterns}: the backend's own types, which any filter a user gives
   * it allows, as every filter allows the core library's.
   *
   * @param filter the allowed classes and the limits
   * @param libraryPatterns the backend's own classes, as {@link ClassFilter} patterns
   */
  public JavaSerializationCodec(ClassFilter filter, List<String> libraryPatterns) {
    this.filter = Objects.requireNonNull(filter, "filter");
    this.library = ClassFilter.only(libraryPatterns.toArray(String[]::new));
    this.limits = filter.limits();
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
    var bytes = new Output(limits.maxBytes());
    ClassSources.recordContextLoader();
    try (var out = new RecordingOutput(bytes)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      String className = e.getMessage();
      throw new EncodingException(
          className,
          "cannot send a value of class "
              + className
              + ": it is not Serializable"
              + CaptureFinder.describe(value, className),
          e);
    } catch (IOException | RuntimeException e) {
      String className = value.getClass().getName();
      throw new EncodingException(
          className, "cannot send a value of class " + className + ": " + e, e);
    } catch (StackOverflowError e) {
      String className = value.getClass().getName();
      throw new EncodingException(
          className,
          "cannot send a value of class "
              + className
              + ": it is too deep to encode (StackOverflowError while encoding: its objects nest"
              + " deeper than this thread's stack allows, as a long chain of linked objects does;"
              + " send such a structure flat, as a list, or give its class a writeObject that"
              + " writes it as one)",
          trimmed(e));
    }
    if (bytes.count > limits.maxBytes()) {
      throw ByteWriter.tooLarge(value.getClass().getName(), bytes.count, limits.maxBytes());
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
   * @throws DecodingException naming the class that is not allowed or cannot be found, or the
   *     limit the bytes go past
   */
  public Object decode(byte[] bytes, int offset, int length) {
    if (length > limits.maxBytes()) {
      throw new DecodingException(
          null,
          "cannot decode: a message of "
              + length
              + " bytes, over the limit of "
              + limits.maxBytes()
              + " bytes (ClassFilter.Limits maxBytes)",
          null);
    }
    var check = new Check(filter, library, limits, length);
    try (var in = new ResolvingInput(new ByteArrayInputStream(bytes, offset, length))) {
      in.setObjectInputFilter(check);
      return in.readObject();
    } catch (InvalidClassException e) {
      throw check
          .refusal(e)
          .orElseGet(
              () -> new DecodingException(e.classname, "cannot decode: " + e.getMessage(), e));
    } catch (ClassNotFoundException e) {
      throw check.refusal(e).orElseGet(() -> notFound(e));
    } catch (IOException | RuntimeException e) {
      // a readObject may wrap the filter's refusal: the refusal is the cause to report
      throw check.refusal(e).orElseGet(() -> new DecodingException(null, "cannot decode: " + e, e));
    } catch (ExceptionInInitializerError e) {
      // a class of the value (a lambda's, say) initialised here, and its static initialiser threw
      throw new DecodingException(
          null,
          "cannot decode: the static initialiser of a class in"
              + " the value threw "
              + (e.getCause() == null ? e : e.getCause()),
          e);
    } catch (NoClassDefFoundError e) {
      // such a class, on a later decode ("Could not initialize class ...")
      throw new DecodingException(null, "cannot decode: " + e, e);
    } catch (StackOverflowError e) {
      throw new DecodingException(
          null,
          "cannot decode: the value nests deeper than this"
              + " thread's stack allows (StackOverflowError while decoding, at depth "
              + check.depth
              + ")",
          trimmed(e));
    }
  }

  /**
   * The error for a class that no loader found. A worker's loader of its caller's classes says
   * after the name why the caller could not send it ({@code name: why}).
   */
  private static DecodingException notFound(ClassNotFoundException e) {
    String message = String.valueOf(e.getMessage());
    int colon = message.indexOf(": ");
    String name = colon < 0 ? message : message.substring(0, colon);
    String why = colon < 0 ? "" : " (" + message.substring(colon + 2) + ")";
    return new DecodingException(
        name, "class not found: " + name + " is not on this process's class path" + why, e);
  }

  /**
   * The output stream of an encode: records each class it writes with its loader, for the class
   * channel ({@link ClassSources}).
   */
  private static final class RecordingOutput extends ObjectOutputStream {
    RecordingOutput(OutputStream out) throws IOException {
      super(out);
    }

    @Override
    protected void annotateClass(Class<?> type) {
      ClassSources.record(type);
    }

    @Override
    protected void annotateProxyClass(Class<?> type) {
      ClassSources.record(type);
      for (Class<?> face : type.getInterfaces()) {
        ClassSources.record(face);
      }
    }
  }

  /**
   * The input stream of a decode: a class that the default resolution does not find is looked up
   * where {@link ClassSources#resolve} says (in a worker, through its caller).
   */
  private static final class ResolvingInput extends ObjectInputStream {
    ResolvingInput(InputStream in) throws IOException {
      super(in);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      try {
        return super.resolveClass(desc);
      } catch (ClassNotFoundException e) {
        return ClassSources.resolve(desc.getName(), e);
      }
    }
  }

  /** Keeps the first frames of a stack overflow: enough to see the recursion. */
  private static StackOverflowError trimmed(StackOverflowError e) {
    StackTraceElement[] trace = e.getStackTrace();
    if (trace.length > OVERFLOW_FRAMES) {
      e.setStackTrace(Arrays.copyOf(trace, OVERFLOW_FRAMES));
    }
    return e;
  }

  /**
   * The ObjectInputFilter of one decode: the class filter and the limits; remembers what it
   * refused. Confinement: the decoding thread.
   */
  private static final class Check implements ObjectInputFilter {
    private final ClassFilter filter;
    private final ClassFilter library;
    private final long maxDepth;
    private final long maxReferences;
    private final long maxArrayLength;
    private final long maxBytes;
    private final long streamLength;
    private long depth;
    private @Nullable String refusedClass;
    private @Nullable String refusal;

    Check(ClassFilter filter, ClassFilter library, ClassFilter.Limits limits, int streamLength) {
      this.filter = filter;
      this.library = library;
      this.maxDepth = limits.maxDepth();
      this.maxReferences = limits.maxReferences();
      this.maxArrayLength = limits.maxArrayLength();
      this.maxBytes = limits.maxBytes();
      this.streamLength = streamLength;
    }

    @Override
    public Status checkInput(FilterInfo info) {
      depth = info.depth();
      if (depth > maxDepth) {
        return refuse(
            null,
            "the value is nested more than " + maxDepth + " deep (ClassFilter.Limits maxDepth)");
      }
      if (info.references() > maxReferences) {
        return refuse(
            null,
            "the value holds more than "
                + maxReferences
                + " objects and references (ClassFilter.Limits maxReferences)");
      }
      if (info.streamBytes() > maxBytes) {
        return refuse(
            null, "the value is more than " + maxBytes + " bytes (ClassFilter.Limits maxBytes)");
      }
      Class<?> type = info.serialClass();
      long length = info.arrayLength();
      if (length >= 0 && checkArray(type, length) == Status.REJECTED) {
        return Status.REJECTED;
      }
      if (type == null || filter.allows(type) || library.allows(type)) {
        return Status.UNDECIDED;
      }
      return refuse(
          type.getName(),
          "class not allowed: " + type.getName() + " is outside the ClassFilter (" + filter + ")");
    }

    /**
     * An array, or the table of a collection ({@code ArrayList}, {@code HashMap} ... check it
     * as an array): refused past the limit, or longer than the stream could carry. The elements
     * of a primitive array follow it in the stream; each element of an object array or of a
     * collection takes at least a byte, and a hash table has at most a few slots per element.
     */
    private Status checkArray(@Nullable Class<?> type, long length) {
      Class<?> component = type == null ? null : type.getComponentType();
      long carried =
          component != null && component.isPrimitive() ? length * bytesOf(component) : length / 4;
      if (carried > streamLength) {
        return refuse(
            null,
            "an array of "
                + length
                + " "
                + (component == null ? "" : component.getName() + " ")
                + "elements in a message of "
                + streamLength
                + " bytes, which cannot carry them (a corrupt or hostile message)");
      }
      if (length > maxArrayLength) {
        return refuse(
            null,
            "an array of "
                + length
                + " elements, over the limit of "
                + maxArrayLength
                + " (ClassFilter.Limits maxArrayLength)");
      }
      return Status.UNDECIDED;
    }

    private static int bytesOf(Class<?> primitive) {
      if (primitive == long.class || primitive == double.class) {
        return 8;
      }
      if (primitive == int.class || primitive == float.class) {
        return 4;
      }
      return primitive == short.class || primitive == char.class ? 2 : 1;
    }

    private Status refuse(@Nullable String className, String why) {
      if (refusal == null) {
        refusedClass = className;
        refusal = why;
      }
      return Status.REJECTED;
    }

    /** The error for what this filter refused, if it refused anything. */
    Optional<DecodingException> refusal(Exception thrown) {
      if (refusal == null) {
        return Optional.empty();
      }
      String message = refusedClass != null ? refusal : "cannot decode: " + refusal;
      return Optional.of(new DecodingException(refusedClass, message, thrown));
    }
  }

  /**
   * The stream's output: an array that stops growing at the limit, counting what would follow
   * so that the error can name the size. Confinement: the encoding thread.
   */
  private static final class Output extends OutputStream {
    private final int limit;
    private byte[] buffer = new byte[256];
    private long count;

    Output(int limit) {
      this.limit = limit;
    }

    @Override
    public void write(int b) {
      if (count < limit) {
        ensure(count + 1);
        buffer[(int) count] = (byte) b;
      }
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      Objects.checkFromIndexSize(off, len, b.length);
      long end = count + len;
      if (end <= limit) {
        ensure(end);
        System.arraycopy(b, off, buffer, (int) count, len);
      }
      count = end;
    }

    private void ensure(long capacity) {
      if (capacity > buffer.length) {
        buffer =
            Arrays.copyOf(buffer, (int) Math.min(limit, Math.max(2L * buffer.length, capacity)));
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buffer, (int) count);
    }
  }
}
