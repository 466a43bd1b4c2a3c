/**
 * The shared-memory implementation of {@link dev.multiproc.ipc}: a streaming byte ring in a
 * segment, the pipes and queues built on it, and {@code wait} over several of them. Not exported.
 *
 * <p>Every word that another process reads or writes is accessed with volatile (sequentially
 * consistent) {@link dev.multiproc.internal.shm.Memory} operations; payload bytes are plain copies, published by the volatile
 * store of the counter that follows them.
 */
@NullMarked
package dev.multiproc.internal.ipc;

import org.jspecify.annotations.NullMarked;
