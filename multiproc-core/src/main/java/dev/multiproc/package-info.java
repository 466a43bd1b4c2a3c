/**
 * Process-based parallelism for Java: Python's {@code multiprocessing} and {@code
 * concurrent.futures.ProcessPoolExecutor} on worker JVMs.
 *
 * <p>Start with {@link dev.multiproc.Multiprocessing#local()}, which gives a {@link
 * dev.multiproc.Context}; from it, {@link dev.multiproc.Context#pool(int) pools}, {@link
 * dev.multiproc.Context#executor(int) executors} and {@link dev.multiproc.Context#process child
 * processes}.
 */
@NullMarked
package dev.multiproc;

import org.jspecify.annotations.NullMarked;
