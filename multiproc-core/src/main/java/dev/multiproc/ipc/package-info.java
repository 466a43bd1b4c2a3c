/**
 * Passing data between processes: queues ({@code multiprocessing.Queue}, {@code JoinableQueue},
 * {@code SimpleQueue}), pipes and their {@link dev.multiproc.ipc.Connection}s, waiting on several
 * of them at once, and {@code Listener}/{@code Client} over Unix or TCP sockets with an auth key.
 *
 * <p>Every object here can be created in one process and passed to another as a task argument;
 * it works the same from any process that holds it.
 */
@NullMarked
package dev.multiproc.ipc;

import org.jspecify.annotations.NullMarked;
