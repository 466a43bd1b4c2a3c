package dev.multiproc.function;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Decides which classes may be decoded from what another process sent: tasks in a worker,
 * results and exceptions in the caller. Decoding stops at the first class refused, with an error
 * that names it; nothing of a refused class is ever instantiated.
 *
 * <p>Every filter allows primitives, arrays of allowed types and a fixed set of JDK value types
 * ({@link #JDK_VALUES}: {@code java.lang}, {@code java.util} and its sub-packages, {@code
 * java.time}, {@code java.math}, {@code SerializedLambda}, ...) and this library's own types (a
 * backend module, such as the Hazelcast cluster, allows its own types in the codecs it decodes
 * with, whatever filter it is given). On top of that:
 *
 * <ul>
 *   <li>{@link #defaults()} also allows the application's own classes, meaning any class loaded
 *       by a class loader other than the JDK's, except the well-known deserialization gadget
 *       libraries listed in {@link #DENIED}. This is what Python's pickle would accept, less the
 *       known dangers, and what a user whose tasks are ordinary classes expects.
 *   <li>{@link #only(String...)} allows nothing else but the patterns given: the strict mode for
 *       a worker that must not be fed arbitrary application classes.
 * </ul>
 *
 * <p>A lambda or method reference is judged as the class it was written in: allowing {@code
 * com.acme.Tasks} allows the lambdas of {@code Tasks}.
 *
 * <p>Patterns use the syntax of {@link java.io.ObjectInputFilter.Config#createFilter}: {@code
 * com.example.Foo} (one class), {@code com.example.*} (one package), {@code com.example.**} (a
 * package and its sub-packages) and {@code com.example.Foo*} (a name prefix).
 *
 * <p>A filter also carries the {@link Limits} of what one message may hold (its size, nesting,
 * objects and arrays), which refuse a decoding bomb before it costs memory, stack or time.
 *
 * @param applicationClasses whether classes of the application's class path are allowed
 * @param allowed further patterns of allowed class names
 * @param limits what one message may hold
 */
public record ClassFilter(boolean applicationClasses, List<String> allowed, Limits limits)
    implements Serializable {

  /** JDK classes every filter allows: values that tasks and results are made of. */
  public static final List<String> JDK_VALUES =
      List.of(
          "java.lang.*",
          "java.lang.invoke.SerializedLambda",
          "java.util.**",
          "java.time.**",
          "java.math.*",
          "java.net.URI",
          "java.io.File",
          "java.io.IOException",
          "java.io.UncheckedIOException",
          "java.io.FileNotFoundException",
          "java.io.EOFException",
          "java.io.ObjectStreamException",
          "java.io.NotSerializableException",
          "java.io.InvalidClassException",
          "java.io.InvalidObjectException",
          "java.io.StreamCorruptedException",
          "java.io.OptionalDataException",
          "java.lang.reflect.Proxy",
          "dev.multiproc.*",
          "dev.multiproc.function.*",
          "dev.multiproc.ipc.*",
          "dev.multiproc.manager.*",
          "dev.multiproc.pool.*",
          "dev.multiproc.process.*",
          "dev.multiproc.shared.*",
          "dev.multiproc.sync.*",
          "dev.multiproc.spi.*",
          "dev.multiproc.internal.**");

  /** Libraries never allowed as application classes: known deserialization gadget chains. */
  public static final List<String> DENIED =
      List.of(
          "org.apache.commons.collections.**",
          "org.apache.commons.collections4.**",
          "org.apache.commons.beanutils.**",
          "org.codehaus.groovy.**",
          "groovy.**",
          "org.springframework.beans.**",
          "org.springframework.aop.**",
          "com.mchange.v2.c3p0.**",
          "org.apache.xalan.**",
          "com.sun.org.apache.xalan.**",
          "org.python.**",
          "bsh.**",
          "clojure.**",
          "org.mozilla.javascript.**",
          "com.rometools.**",
          "net.sf.json.**",
          "org.hibernate.**",
          "javassist.**");

  /**
   * Creates a filter.
   *
   * @throws NullPointerException if {@code allowed}, one of its patterns or {@code limits} is
   *     null
   */
  public ClassFilter {
    allowed = List.copyOf(allowed);
    Objects.requireNonNull(limits, "limits");
  }

  /**
   * Creates a filter with the default {@link Limits}.
   *
   * @param applicationClasses whether classes of the application's class path are allowed
   * @param allowed further patterns of allowed class names
   * @throws NullPointerException if {@code allowed} or one of its patterns is null
   */
  public ClassFilter(boolean applicationClasses, List<String> allowed) {
    this(applicationClasses, allowed, Limits.defaults());
  }

  /**
   * Returns the default filter: JDK value types, this library and the application's own classes.
   *
   * @return the default filter
   */
  public static ClassFilter defaults() {
    return new ClassFilter(true, List.of());
  }

  /**
   * Returns a strict filter: JDK value types, this library and the classes matching {@code
   * patterns}, nothing else.
   *
   * @param patterns class name patterns, as described in the class comment
   * @return the strict filter
   */
  public static ClassFilter only(String... patterns) {
    return new ClassFilter(false, List.of(patterns));
  }

  /**
   * Returns a copy that also allows the classes matching {@code patterns}.
   *
   * @param patterns class name patterns, as described in the class comment
   * @return the wider filter
   */
  public ClassFilter allowing(String... patterns) {
    List<String> all = new ArrayList<>(allowed);
    all.addAll(List.of(patterns));
    return new ClassFilter(applicationClasses, all, limits);
  }

  /**
   * Returns a copy with other limits.
   *
   * @param limits what one message may hold
   * @return the filter
   */
  public ClassFilter withLimits(Limits limits) {
    return new ClassFilter(applicationClasses, allowed, limits);
  }

  /**
   * Describes the filter; its limits only when they are not the defaults.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return "ClassFilter[applicationClasses="
        + applicationClasses
        + ", allowed="
        + allowed
        + (limits.equals(Limits.defaults()) ? "" : ", limits=" + limits)
        + "]";
  }

  /**
   * Returns whether instances of {@code type} may be decoded.
   *
   * @param type the class about to be decoded
   * @return whether it is allowed
   */
  public boolean allows(Class<?> type) {
    Class<?> c = Objects.requireNonNull(type, "type");
    while (c.isArray()) {
      c = c.getComponentType();
    }
    if (c.isPrimitive()) {
      return true;
    }
    if (java.lang.reflect.Proxy.isProxyClass(c)) {
      // a dynamic proxy (a manager's proxies are) is what its interfaces are
      return Stream.of(c.getInterfaces()).allMatch(this::allows);
    }
    String name = writer(c);
    if (Stream.concat(JDK_VALUES.stream(), allowed.stream()).anyMatch(p -> matches(p, name))) {
      return true;
    }
    return applicationClasses
        && isApplicationClass(c)
        && DENIED.stream().noneMatch(p -> matches(p, name));
  }

  /** Returns the class name, or for a lambda the name of the class that wrote it. */
  private static String writer(Class<?> c) {
    String name = c.getName();
    int lambda = name.indexOf("$$Lambda");
    return c.isHidden() && lambda > 0 ? name.substring(0, lambda) : name;
  }

  private static boolean isApplicationClass(Class<?> c) {
    ClassLoader loader = c.getClassLoader();
    return loader != null && loader != ClassLoader.getPlatformClassLoader();
  }

  static boolean matches(String pattern, String name) {
    if (pattern.endsWith(".**")) {
      String pkg = pattern.substring(0, pattern.length() - 2);
      return name.startsWith(pkg);
    }
    if (pattern.endsWith(".*")) {
      String pkg = pattern.substring(0, pattern.length() - 1);
      return name.startsWith(pkg) && name.indexOf('.', pkg.length()) < 0;
    }
    if (pattern.endsWith("*")) {
      return name.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return name.equals(pattern);
  }

  /**
   * What one message may hold: the budget of a decoder, checked before it allocates, recurses or
   * hashes, so that a hostile or corrupt message is refused with an error that names the limit
   * instead of exhausting the heap, the stack or a core. A message is one value sent whole: a
   * task's function and argument, a result, an exception, a queue item, a {@code Connection}
   * message, a manager request.
   *
   * <ul>
   *   <li>{@code maxBytes}: the largest message sent or received, in bytes, encoded. Larger
   *       values fail when they are sent, naming their size; a peer that announces more is cut
   *       off. A message's bytes are read as they arrive, so an announcement alone costs nothing.
   *   <li>{@code maxDepth}: how deeply objects may nest in one message (an object inside a list
   *       inside a map is 3 deep). This is what stops the classic serialization CPU bomb (sets
   *       nested in sets that each hold the same two sets of the next level: hashing them costs
   *       2<sup>depth</sup>), and a stack overflow in the decoder. The default, 20, is what the
   *       JDK's RMI registry allows; such a bomb within it is decoded in milliseconds. A deeper
   *       structure (a long linked list written field by field, an exception with a chain of 18
   *       causes) needs a higher limit.
   *   <li>{@code maxReferences}: how many objects (and references back to objects already read)
   *       one message may hold.
   *   <li>{@code maxArrayLength}: the longest array or collection in one message. Whatever this
   *       says, an array longer than the bytes of its message could carry is refused before it
   *       is allocated.
   * </ul>
   *
   * <p>These limits bound the memory and the stack a message can take. They do not bound the
   * time of every graph a peer can build: a hash set whose element is a graph of lists that
   * share their children many times over (each of several lists holding the same several lists
   * of the next level) is hashed as the tree it unfolds to, within any depth and reference limit
   * a real program could live with. As with {@code java.io} serialization everywhere, decode
   * objects only from peers that hold the key.
   *
   * <p>The defaults ({@link #defaults()}) can be changed for a whole JVM with the system
   * properties {@value #MAX_BYTES_PROPERTY}, {@value #MAX_DEPTH_PROPERTY}, {@value
   * #MAX_REFERENCES_PROPERTY} and {@value #MAX_ARRAY_LENGTH_PROPERTY}; that is the way for
   * queues, pipes and managers, which take no filter. A pool sends its filter, limits included,
   * to its workers; another JVM that decodes what this one sends needs the same properties
   * (see {@code JvmOptions.withSystemProperty}).
   *
   * @param maxBytes the largest message, in bytes; default 1 GiB
   * @param maxDepth how deeply objects may nest in a message; default 20
   * @param maxReferences how many object references a message may hold; default 2<sup>26</sup>
   * @param maxArrayLength the longest array or collection in a message; default 2<sup>30</sup>
   */
  public record Limits(int maxBytes, int maxDepth, long maxReferences, int maxArrayLength)
      implements Serializable {

    /** The largest {@code maxBytes}: about the largest array a JVM can make. */
    public static final int MAX_BYTES = Integer.MAX_VALUE - 64;

    /** The system property that sets the default {@code maxBytes}. */
    public static final String MAX_BYTES_PROPERTY = "multiproc.limits.maxBytes";

    /** The system property that sets the default {@code maxDepth}. */
    public static final String MAX_DEPTH_PROPERTY = "multiproc.limits.maxDepth";

    /** The system property that sets the default {@code maxReferences}. */
    public static final String MAX_REFERENCES_PROPERTY = "multiproc.limits.maxReferences";

    /** The system property that sets the default {@code maxArrayLength}. */
    public static final String MAX_ARRAY_LENGTH_PROPERTY = "multiproc.limits.maxArrayLength";

    /**
     * Creates limits.
     *
     * @throws IllegalArgumentException if a limit is below 1, or {@code maxBytes} is over {@link
     *     #MAX_BYTES}
     */
    public Limits {
      atLeastOne("maxBytes", maxBytes);
      atLeastOne("maxDepth", maxDepth);
      atLeastOne("maxReferences", maxReferences);
      atLeastOne("maxArrayLength", maxArrayLength);
      if (maxBytes > MAX_BYTES) {
        throw new IllegalArgumentException(
            "maxBytes must be at most " + MAX_BYTES + ", not " + maxBytes);
      }
    }

    /**
     * Returns the default limits: the built-in ones, or those the system properties set.
     *
     * @return the defaults
     * @throws IllegalArgumentException if one of the system properties is not a valid limit
     */
    public static Limits defaults() {
      return new Limits(
          (int) property(MAX_BYTES_PROPERTY, 1 << 30, MAX_BYTES),
          (int) property(MAX_DEPTH_PROPERTY, 20, Integer.MAX_VALUE),
          property(MAX_REFERENCES_PROPERTY, 1L << 26, Long.MAX_VALUE),
          (int) property(MAX_ARRAY_LENGTH_PROPERTY, 1 << 30, Integer.MAX_VALUE));
    }

    /**
     * Returns a copy with another {@code maxBytes}.
     *
     * @param maxBytes the largest message, in bytes
     * @return the limits
     */
    public Limits withMaxBytes(int maxBytes) {
      return new Limits(maxBytes, maxDepth, maxReferences, maxArrayLength);
    }

    /**
     * Returns a copy with another {@code maxDepth}.
     *
     * @param maxDepth how deeply objects may nest in a message
     * @return the limits
     */
    public Limits withMaxDepth(int maxDepth) {
      return new Limits(maxBytes, maxDepth, maxReferences, maxArrayLength);
    }

    /**
     * Returns a copy with another {@code maxReferences}.
     *
     * @param maxReferences how many object references a message may hold
     * @return the limits
     */
    public Limits withMaxReferences(long maxReferences) {
      return new Limits(maxBytes, maxDepth, maxReferences, maxArrayLength);
    }

    /**
     * Returns a copy with another {@code maxArrayLength}.
     *
     * @param maxArrayLength the longest array or collection in a message
     * @return the limits
     */
    public Limits withMaxArrayLength(int maxArrayLength) {
      return new Limits(maxBytes, maxDepth, maxReferences, maxArrayLength);
    }

    private static void atLeastOne(String name, long value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, not " + value);
      }
    }

    private static long property(String name, long builtIn, long max) {
      String value = System.getProperty(name);
      if (value == null) {
        return builtIn;
      }
      try {
        long parsed = Long.parseLong(value.strip().replace("_", ""));
        if (parsed >= 1 && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          "system property "
              + name
              + "="
              + value
              + " is not a valid limit: give a whole number from 1 to "
              + max);
    }
  }
}
