package dev.multiproc.function;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that can be sent to another process; the function of {@code Pool.map} and
 * {@code Pool.apply}.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {}
