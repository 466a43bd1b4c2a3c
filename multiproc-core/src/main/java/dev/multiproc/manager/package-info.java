/**
 * Managers: a server process that owns objects (maps, lists, sets, namespaces, values, queues,
 * locks …) and proxies that other processes use to reach them, as Python's {@code
 * multiprocessing.Manager} / {@code BaseManager} / {@code SyncManager}.
 *
 * <p>Each proxy call is a round trip to the manager over an authenticated socket, so a manager is
 * the slow, general way to share state; queues, pipes, shared values and locks of {@code
 * dev.multiproc.ipc}, {@code .shared} and {@code .sync} are the fast way on one machine.
 */
@NullMarked
package dev.multiproc.manager;

import org.jspecify.annotations.NullMarked;
