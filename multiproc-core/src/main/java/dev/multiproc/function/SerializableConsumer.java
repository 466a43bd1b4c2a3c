package dev.multiproc.function;

import java.io.Serializable;
import java.util.function.Consumer;

/**
 * A {@link Consumer} that can be sent to another process; a process target with one argument.
 *
 * @param <T> the argument type
 */
@FunctionalInterface
public interface SerializableConsumer<T> extends Consumer<T>, Serializable {}
