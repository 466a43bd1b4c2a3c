/** Benchmarks: the side-by-side comparison with Python's multiprocessing, and JMH. */
package dev.multiproc.bench;
