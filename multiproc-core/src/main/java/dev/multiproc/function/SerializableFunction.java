package dev.multiproc.function;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that can be sent to another process; the function of {@code Pool.map} and
 * {@code Pool.apply}.
 *
 * <p>A javac limitation to know: within one class, the same method reference used at two
 * different generic instantiations (say {@code Tasks::describe} as a function of {@code String}
 * in one call and of {@code Integer} in another, where {@code describe} takes {@code Object})
 * deserializes as the first one, and the other then fails with a {@link ClassCastException} in
 * the worker (JDK-8174865). Use a lambda, or one instantiation per class.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {}
