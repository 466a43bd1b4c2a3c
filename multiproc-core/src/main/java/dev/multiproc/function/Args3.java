package dev.multiproc.function;

import java.io.Serializable;

/**
 * Three arguments for one call of a {@link SerializableTriFunction}: one element of
 * {@code Pool.starmap}'s input. Python: a 3-tuple.
 *
 * @param first the first argument
 * @param second the second argument
 * @param third the third argument
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <C> the third argument type
 */
public record Args3<A, B, C>(A first, B second, C third) implements Serializable {

  /**
   * Returns {@code (first, second, third)}.
   *
   * @param first the first argument
   * @param second the second argument
   * @param third the third argument
   * @param <A> the first argument type
   * @param <B> the second argument type
   * @param <C> the third argument type
   * @return the triple
   */
  public static <A, B, C> Args3<A, B, C> args(A first, B second, C third) {
    return new Args3<>(first, second, third);
  }
}
