/**
 * Internal: {@link dev.multiproc.ipc.Listener} and {@link dev.multiproc.ipc.Client} over
 * Unix-domain and TCP sockets. {@link dev.multiproc.internal.net.FramedChannel} frames the
 * stream, {@link dev.multiproc.internal.net.Handshake} authenticates both sides with an HMAC
 * challenge before any message, and {@link dev.multiproc.internal.net.SocketConnection} is the
 * {@link dev.multiproc.ipc.Connection} users get. No compatibility promise: not exported by the
 * module.
 */
@NullMarked
package dev.multiproc.internal.net;

import org.jspecify.annotations.NullMarked;
