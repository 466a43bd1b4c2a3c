/**
 * The shared-memory implementations of {@code dev.multiproc.sync}: locks, semaphores, conditions,
 * events and barriers on futex words in segments of their own. Not exported; no compatibility
 * promise.
 *
 * <p>Every type here is a {@link dev.multiproc.internal.shm.SharedHandle} (kinds 1xx of {@link
 * dev.multiproc.internal.shm.SegmentKind}) whose words start at {@code DATA}, laid out by its
 * {@code LAYOUT} ({@link dev.multiproc.internal.shm.ShmLayout}). Words shared across processes are
 * read and written only through {@link dev.multiproc.internal.shm.Memory}, whose method names give
 * the memory mode: words guarded by a lock use plain access, other words acquire, opaque,
 * volatile or atomic access.
 */
@NullMarked
package dev.multiproc.internal.sync;

import org.jspecify.annotations.NullMarked;
