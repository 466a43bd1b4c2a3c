package dev.multiproc.function;

import java.io.Serializable;

/**
 * A function of three arguments that can be sent to another process; the function of
 * {@code Pool.starmap} over {@link Args3}. It may throw any exception: a checked one reaches the
 * caller as the cause of the usual {@link java.util.concurrent.ExecutionException}.
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <C> the third argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableTriFunction<A, B, C, R> extends Serializable {

  /**
   * Applies this function.
   *
   * @param a the first argument
   * @param b the second argument
   * @param c the third argument
   * @return the result
   * @throws Exception whatever the function throws
   */
  R apply(A a, B b, C c) throws Exception;
}
