/**
 * The shared-memory implementations of {@code dev.multiproc.sync}: locks, semaphores, conditions,
 * events and barriers on futex words in segments of their own. Not exported; no compatibility
 * promise.
 *
 * <p>Every type here is a {@link dev.multiproc.internal.shm.SharedHandle} (kind numbers 100-119)
 * whose words start at {@code DATA}. Words shared across processes are read and written only
 * through {@link dev.multiproc.internal.shm.Futex#INT} (and {@link Words#LONG}); words guarded by a
 * lock use plain access, other words volatile or CAS access.
 */
@NullMarked
package dev.multiproc.internal.sync;

import org.jspecify.annotations.NullMarked;
