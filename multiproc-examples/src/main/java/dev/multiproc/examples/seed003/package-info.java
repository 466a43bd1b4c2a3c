/** Seed 003, "Chapter 27: Multiprocessing Basics" (a notebook). */
@NullMarked
package dev.multiproc.examples.seed003;

import org.jspecify.annotations.NullMarked;
