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
 * java.time}, {@code java.math}, {@code SerializedLambda}, ...) and this library's own types. On top of that:
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
 * @param applicationClasses whether classes of the application's class path are allowed
 * @param allowed further patterns of allowed class names
 */
public record ClassFilter(boolean applicationClasses, List<String> allowed) implements Serializable {

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
          "java.io.NotSerializableException",
          "java.io.InvalidClassException",
          "java.io.InvalidObjectException",
          "java.lang.reflect.Proxy",
          "dev.multiproc.*",
          "dev.multiproc.function.*",
          "dev.multiproc.ipc.*",
          "dev.multiproc.manager.*",
          "dev.multiproc.pool.*",
          "dev.multiproc.process.*",
          "dev.multiproc.shared.*",
          "dev.multiproc.sync.*",
          "dev.multiproc.internal.**",
          "dev.multiproc.cluster.internal.*");

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
   * @throws NullPointerException if {@code allowed} or one of its patterns is null
   */
  public ClassFilter {
    allowed = List.copyOf(allowed);
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
    return new ClassFilter(applicationClasses, all);
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
}
