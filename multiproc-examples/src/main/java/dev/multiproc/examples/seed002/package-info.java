/** Seed 002, "Lesson 37: Multiprocessing (multiprocessing module)". */
@NullMarked
package dev.multiproc.examples.seed002;

import org.jspecify.annotations.NullMarked;
