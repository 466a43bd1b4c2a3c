/**
 * The cluster backend: the same {@link dev.multiproc.Context} (pools, executors, processes,
 * queues, pipes, locks, conditions, events, barriers, semaphores, shared values and managers)
 * across many machines, on an embedded Hazelcast Community Edition. Start with {@link
 * dev.multiproc.cluster.Cluster#context}; run members with the {@code multiproc node} command.
 */
@NullMarked
package dev.multiproc.cluster;

import org.jspecify.annotations.NullMarked;
