/**
 * What a process family holds at one moment (processes, shared-memory segments, socket files,
 * file descriptors, library threads), and what grew between two moments: the leak check of the
 * tests' {@code NoLeaksExtension} and of the soak command. Start at {@link
 * dev.multiproc.internal.footprint.Footprint}. Not exported; no compatibility promise.
 */
@NullMarked
package dev.multiproc.internal.footprint;

import org.jspecify.annotations.NullMarked;
