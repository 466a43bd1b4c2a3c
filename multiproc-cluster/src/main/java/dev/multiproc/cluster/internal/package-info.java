/**
 * The cluster backend's internals: Hazelcast setup, the task class members run, dispatch and
 * load balancing, the shared objects on Hazelcast structures, and how they travel by name.
 */
@NullMarked
package dev.multiproc.cluster.internal;

import org.jspecify.annotations.NullMarked;
