package dev.multiproc.function;

import java.io.Serializable;

/**
 * A function of three arguments that can be sent to another process; the function of
 * {@code Pool.starmap} over {@link Args3}.
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
   */
  R apply(A a, B b, C c);
}
