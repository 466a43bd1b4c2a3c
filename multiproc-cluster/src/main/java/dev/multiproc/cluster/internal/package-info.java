/** The cluster backend's internals: Hazelcast setup, the task class members run, dispatch. */
@NullMarked
package dev.multiproc.cluster.internal;

import org.jspecify.annotations.NullMarked;
