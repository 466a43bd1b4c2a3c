package dev.multiproc.function;

import java.io.Serializable;
import java.util.function.BiFunction;

/**
 * A {@link BiFunction} that can be sent to another process; the function of {@code Pool.starmap}
 * over {@link Args2}.
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableBiFunction<A, B, R> extends BiFunction<A, B, R>, Serializable {}
