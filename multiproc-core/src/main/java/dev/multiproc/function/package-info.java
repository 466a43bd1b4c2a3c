/**
 * What a task is made of: serializable functional interfaces, so that a lambda or method
 * reference can be sent to a worker process as Python's {@code target=} or {@code func} is, the
 * argument tuples of {@code starmap}, and the {@link dev.multiproc.function.ClassFilter} that
 * decides which classes may be decoded from another process.
 *
 * <p>Start with {@link dev.multiproc.function.SerializableFunction}, the function of {@code
 * Pool.map}.
 */
@NullMarked
package dev.multiproc.function;

import org.jspecify.annotations.NullMarked;
