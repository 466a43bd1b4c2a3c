/** Seed 001, "Python Multiprocessing: Process-Based Parallelism from First Principles". */
@NullMarked
package dev.multiproc.examples.seed001;

import org.jspecify.annotations.NullMarked;
