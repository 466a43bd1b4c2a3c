/** Seed 004, pysheeet's "Multiprocessing" cheat sheet. */
@NullMarked
package dev.multiproc.examples.seed004;

import org.jspecify.annotations.NullMarked;
