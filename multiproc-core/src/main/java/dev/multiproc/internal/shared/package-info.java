/** The shared-memory implementations of {@code dev.multiproc.shared}'s values and arrays. */
package dev.multiproc.internal.shared;
