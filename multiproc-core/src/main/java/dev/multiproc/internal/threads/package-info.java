/**
 * Internal: the threads backend ({@code Multiprocessing.threads()}, Python's {@code
 * multiprocessing.dummy}): processes, pools, queues, pipes, locks and shared values that live in
 * this JVM and run on its threads. No compatibility promise: not exported by the module.
 */
@NullMarked
package dev.multiproc.internal.threads;

import org.jspecify.annotations.NullMarked;
