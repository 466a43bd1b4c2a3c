/**
 * Java Flight Recorder events of pools and workers, named {@code dev.multiproc.*}: see {@link
 * dev.multiproc.internal.jfr.JfrEvents} for the list and {@link dev.multiproc.pool} for how to
 * record them. Each is committed only while a recording enables it, so they cost nothing otherwise.
 */
@NullMarked
package dev.multiproc.internal.jfr;

import org.jspecify.annotations.NullMarked;
