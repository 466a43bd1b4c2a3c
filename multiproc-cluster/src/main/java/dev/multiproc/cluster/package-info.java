/**
 * The cluster backend: the same {@link dev.multiproc.pool.Pool} across many machines, on an
 * embedded Hazelcast Community Edition. Start with {@link dev.multiproc.cluster.Cluster#context}.
 */
@NullMarked
package dev.multiproc.cluster;

import org.jspecify.annotations.NullMarked;
