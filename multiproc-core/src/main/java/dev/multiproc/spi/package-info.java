/**
 * The contract a backend module builds on, not an API for users: exported only to the library's
 * own backend modules (the Hazelcast cluster), with no compatibility promise.
 *
 * <p>It holds what every backend shares with the library's own process and thread backends: the
 * pool skeleton ({@link dev.multiproc.spi.AbstractPool}, {@link
 * dev.multiproc.spi.AbstractPoolExecutor}, {@link dev.multiproc.spi.SerializingExecutor}, {@link
 * dev.multiproc.spi.EngineLifecycle}, {@link dev.multiproc.spi.Outcome}, {@link
 * dev.multiproc.spi.PoolParts}), the encoding of pool tasks for an engine in another JVM ({@link
 * dev.multiproc.spi.RemoteTasks}), the codec every message goes through ({@link
 * dev.multiproc.spi.TaggedCodec}), how a started child process runs ({@link
 * dev.multiproc.spi.ChildRunner}, {@link dev.multiproc.spi.ChildLaunch}, {@link
 * dev.multiproc.spi.CurrentProcessState}), and the default methods of queues and connections
 * ({@link dev.multiproc.spi.QueueDefaults}, {@link dev.multiproc.spi.ConnectionDefaults}). It builds
 * on the packages a user names ({@code dev.multiproc.pool}, {@code dev.multiproc.process}, ...).
 *
 * <p>For synchronisation it holds the Python semantics of each primitive, written once (argument
 * checks and their messages, deadlines, lock and RLock rules, condition waits, barrier
 * generations, semaphore permits), over a small state interface that each backend implements
 * with its own storage and its own way to wait and wake.
 */
@NullMarked
package dev.multiproc.spi;

import org.jspecify.annotations.NullMarked;
