/** Every example of the Python seed tutorials in /work/shared/seeds, as a runnable Java program; {@link dev.multiproc.examples.Examples} lists them by name. */
@NullMarked
package dev.multiproc.examples;

import org.jspecify.annotations.NullMarked;
