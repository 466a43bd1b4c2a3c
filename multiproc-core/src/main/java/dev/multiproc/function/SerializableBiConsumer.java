package dev.multiproc.function;

import java.io.Serializable;
import java.util.function.BiConsumer;

/**
 * A {@link BiConsumer} that can be sent to another process; a process target with two arguments.
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 */
@FunctionalInterface
public interface SerializableBiConsumer<A, B> extends BiConsumer<A, B>, Serializable {}
