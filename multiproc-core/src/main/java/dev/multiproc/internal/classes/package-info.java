/**
 * Internal: the class channel, by which a worker that cannot find a class or resource on its own
 * class path loads it from its caller over their authenticated {@link
 * dev.multiproc.internal.transport.FrameChannel}. The caller side records where the classes it
 * encodes come from ({@link dev.multiproc.internal.classes.ClassSources}) and answers requests
 * ({@link dev.multiproc.internal.classes.ClassServer}); the worker side asks ({@link
 * dev.multiproc.internal.classes.CallerClassLoader}). No compatibility promise: not exported by
 * the module.
 */
@NullMarked
package dev.multiproc.internal.classes;

import org.jspecify.annotations.NullMarked;
