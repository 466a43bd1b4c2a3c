/**
 * Synchronization across processes, as Python's {@code multiprocessing} has it, built on futex
 * words in shared memory:
 *
 * <ul>
 *   <li>{@link dev.multiproc.sync.MpLock} ({@code Lock}; also a {@link
 *       java.util.concurrent.locks.Lock}) and {@link dev.multiproc.sync.RLock};
 *   <li>{@link dev.multiproc.sync.MpSemaphore} and {@link dev.multiproc.sync.BoundedSemaphore};
 *   <li>{@link dev.multiproc.sync.MpCondition} ({@code Condition}; also a {@link
 *       java.util.concurrent.locks.Condition});
 *   <li>{@link dev.multiproc.sync.Event} and {@link dev.multiproc.sync.Barrier};
 *   <li>{@link dev.multiproc.sync.Held}, the guard of {@code try (var _ = lock.hold())}, Python's
 *       {@code with lock:}.
 * </ul>
 *
 * <p>Start at {@code Context.lock()} and its neighbours. Every object here is created in one
 * process and can be passed to others as a task or process argument; it is {@link
 * java.lang.AutoCloseable}, and closing it in the creating process removes its shared memory.
 * Timeouts are {@link java.time.Duration}s. Waits spin for a few microseconds, then park.
 *
 * <p>A lock, or a semaphore permit taken with {@code hold()}, whose holder process dies is not
 * held forever: the next waiter gets it, and can tell ({@link
 * dev.multiproc.sync.MpLock#previousHolderDied()}, {@link
 * dev.multiproc.sync.MpSemaphore#reclaimedPermits()}). A semaphore permit taken with {@code
 * acquire} is consumed, and never given back for its taker.
 *
 * <p>{@code Lock}, {@code Semaphore} and {@code Condition} carry the {@code Mp} prefix because
 * their plain names are JDK types that are often imported in the same file.
 */
@NullMarked
package dev.multiproc.sync;

import org.jspecify.annotations.NullMarked;
