/**
 * Internal: the engine behind pools and executors, the pool worker's loop, and task results. No
 * compatibility promise: not exported by the module.
 */
@NullMarked
package dev.multiproc.internal.pool;

import org.jspecify.annotations.NullMarked;
