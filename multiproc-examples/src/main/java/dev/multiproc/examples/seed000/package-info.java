/** Seed 000, "Python Multiprocessing and Process Pools: A First Principles Approach". */
@NullMarked
package dev.multiproc.examples.seed000;

import org.jspecify.annotations.NullMarked;
