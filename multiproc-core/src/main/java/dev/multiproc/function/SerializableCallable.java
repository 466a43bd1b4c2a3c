package dev.multiproc.function;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that can be sent to another process; a lambda or method reference whose target
 * type is this interface is serializable. Like every {@link Callable}, it may throw any exception:
 * a checked one reaches the caller as the cause of the usual {@link
 * java.util.concurrent.ExecutionException}.
 *
 * @param <V> the result type
 */
@FunctionalInterface
public interface SerializableCallable<V> extends Callable<V>, Serializable {}
