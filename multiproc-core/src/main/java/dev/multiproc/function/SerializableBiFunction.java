package dev.multiproc.function;

import java.io.Serializable;
import java.util.function.BiFunction;

/**
 * A {@link BiFunction} that can be sent to another process; the function of {@code Pool.starmap}
 * over {@link Args2}. A lambda implements {@link #applyChecked}, which may throw any exception: a
 * checked one reaches the caller as the cause of the usual {@link
 * java.util.concurrent.ExecutionException}.
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableBiFunction<A, B, R> extends BiFunction<A, B, R>, Serializable {

  /**
   * Applies this function; what a lambda or method reference of this type implements.
   *
   * @param a the first argument
   * @param b the second argument
   * @return the result
   * @throws Exception whatever the function throws
   */
  R applyChecked(A a, B b) throws Exception;

  /**
   * Runs {@link #applyChecked}, for code that takes a plain {@link BiFunction}: a checked
   * exception is wrapped in a {@link java.lang.reflect.UndeclaredThrowableException}.
   *
   * @param a the first argument
   * @param b the second argument
   * @return the result
   */
  @Override
  default R apply(A a, B b) {
    try {
      return applyChecked(a, b);
    } catch (Exception e) {
      throw Checked.unchecked(e);
    }
  }
}
