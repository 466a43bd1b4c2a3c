/**
 * Internal: the transport between processes, length-prefixed {@link
 * dev.multiproc.internal.transport.Frame}s over Unix-domain sockets behind the one {@link
 * dev.multiproc.internal.transport.FrameChannel} interface. No compatibility promise: not
 * exported by the module.
 */
@NullMarked
package dev.multiproc.internal.transport;

import org.jspecify.annotations.NullMarked;
