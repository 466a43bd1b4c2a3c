package dev.multiproc.function;

import java.io.Serializable;

/**
 * A {@link Runnable} that can be sent to another process. A lambda or method reference whose
 * target type is this interface is serializable. Python: a {@code target=} with no arguments.
 */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {}
