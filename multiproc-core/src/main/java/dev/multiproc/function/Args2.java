package dev.multiproc.function;

import java.io.Serializable;

/**
 * Two arguments for one call of a {@link SerializableBiFunction}: one element of
 * {@code Pool.starmap}'s input. Python: a 2-tuple.
 *
 * @param first the first argument
 * @param second the second argument
 * @param <A> the first argument type
 * @param <B> the second argument type
 */
public record Args2<A, B>(A first, B second) implements Serializable {

  /**
   * Returns {@code (first, second)}.
   *
   * @param first the first argument
   * @param second the second argument
   * @param <A> the first argument type
   * @param <B> the second argument type
   * @return the pair
   */
  public static <A, B> Args2<A, B> args(A first, B second) {
    return new Args2<>(first, second);
  }
}
