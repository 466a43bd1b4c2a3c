package dev.multiproc.internal.shm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** {@code CLOCK_MONOTONIC}, as the kernel's absolute futex timeouts count it. */
final class Clock {
  @SuppressWarnings("restricted") // a native call is the point: the kernel's monotonic clock
  private static final MethodHandle CLOCK_GETTIME =
      Linker.nativeLinker()
          .downcallHandle(
              Linker.nativeLinker().defaultLookup().findOrThrow("clock_gettime"),
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS),
              Linker.Option.critical(false));

  private static final ThreadLocal<MemorySegment> BUFFER =
      ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16, 8));

  private Clock() {}

  static long monotonicNanos() {
    MemorySegment ts = BUFFER.get();
    try {
      int ignored = (int) CLOCK_GETTIME.invokeExact(1, ts);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    return ts.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + ts.get(ValueLayout.JAVA_LONG, 8);
  }
}
