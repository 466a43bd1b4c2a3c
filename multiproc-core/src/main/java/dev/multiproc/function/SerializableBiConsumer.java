package dev.multiproc.function;

import java.io.Serializable;
import java.util.function.BiConsumer;

/**
 * A {@link BiConsumer} that can be sent to another process; a process target with two arguments.
 * A lambda implements {@link #acceptChecked}, which may throw any exception (see {@link
 * SerializableRunnable}).
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 */
@FunctionalInterface
public interface SerializableBiConsumer<A, B> extends BiConsumer<A, B>, Serializable {

  /**
   * Performs this operation; what a lambda or method reference of this type implements.
   *
   * @param a the first argument
   * @param b the second argument
   * @throws Exception whatever the operation throws
   */
  void acceptChecked(A a, B b) throws Exception;

  /**
   * Runs {@link #acceptChecked}, for code that takes a plain {@link BiConsumer}: a checked
   * exception is wrapped in a {@link java.lang.reflect.UndeclaredThrowableException}.
   *
   * @param a the first argument
   * @param b the second argument
   */
  @Override
  default void accept(A a, B b) {
    try {
      acceptChecked(a, b);
    } catch (Exception e) {
      throw Checked.unchecked(e);
    }
  }
}
