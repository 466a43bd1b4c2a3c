package dev.multiproc.function;

import java.io.Serializable;
import java.util.function.Consumer;

/**
 * A {@link Consumer} that can be sent to another process; a process target with one argument.
 * A lambda implements {@link #acceptChecked}, which may throw any exception (see {@link
 * SerializableRunnable}).
 *
 * @param <T> the argument type
 */
@FunctionalInterface
public interface SerializableConsumer<T> extends Consumer<T>, Serializable {

  /**
   * Performs this operation; what a lambda or method reference of this type implements.
   *
   * @param t the argument
   * @throws Exception whatever the operation throws
   */
  void acceptChecked(T t) throws Exception;

  /**
   * Runs {@link #acceptChecked}, for code that takes a plain {@link Consumer}: a checked exception
   * is wrapped in a {@link java.lang.reflect.UndeclaredThrowableException}.
   *
   * @param t the argument
   */
  @Override
  default void accept(T t) {
    try {
      acceptChecked(t);
    } catch (Exception e) {
      throw Checked.unchecked(e);
    }
  }
}
