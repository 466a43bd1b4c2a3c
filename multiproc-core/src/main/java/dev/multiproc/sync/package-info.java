/**
 * Synchronization across processes: {@code Lock}, {@code RLock}, {@code Semaphore}, {@code
 * BoundedSemaphore}, {@code Condition}, {@code Event} and {@code Barrier}, as Python's {@code
 * multiprocessing} has them, built on futex words in shared memory.
 *
 * <p>Every object here can be created in one process and passed to another as a task argument.
 * A lock or permit whose holder process dies is not held forever: the next waiter gets it.
 */
@NullMarked
package dev.multiproc.sync;

import org.jspecify.annotations.NullMarked;
