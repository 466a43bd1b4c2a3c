/**
 * Internal: starting worker JVMs, warm spares, the worker's main class and child processes. No
 * compatibility promise: not exported by the module.
 */
@NullMarked
package dev.multiproc.internal.spawn;

import org.jspecify.annotations.NullMarked;
