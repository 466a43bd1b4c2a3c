/**
 * Child processes: {@link dev.multiproc.process.ChildProcess} (Python's {@code Process}), how one
 * ended ({@link dev.multiproc.process.ExitStatus}), how its JVM is started ({@link
 * dev.multiproc.process.JvmOptions}) and who a process is ({@link
 * dev.multiproc.process.ProcessInfo}).
 *
 * <p>Start with {@link dev.multiproc.process.ChildProcess}.
 */
@NullMarked
package dev.multiproc.process;

import org.jspecify.annotations.NullMarked;
