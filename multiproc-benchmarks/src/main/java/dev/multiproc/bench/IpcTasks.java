package dev.multiproc.bench;

import dev.multiproc.shared.SharedMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The child-side bodies of the IPC benchmarks (b07–b12): what the Python scripts' {@code
 * producer}, {@code consumer}, {@code writer} … functions do, as static methods a worker JVM
 * runs.
 */
public final class IpcTasks {
  /** b12's slice: 1 MiB. */
  static final int SLICE = 1 << 20;

  private IpcTasks() {}

  /**
   * b12's writer: attaches to the block by name and writes all of it in 1 MiB slices, twice
   * (fresh pages, then pages already present), as Python's {@code mv[off:off + SIZE] = chunk}.
   *
   * @param name the block
   * @return the seconds of the first and second pass
   */
  public static double[] writeBlock(String name) {
    byte[] chunk = new byte[SLICE];
    for (int i = 0; i < SLICE; i++) {
      chunk[i] = (byte) i;
    }
    try (SharedMemory shm = SharedMemory.attach(name)) {
      MemorySegment m = shm.segment();
      double[] seconds = new double[2];
      for (int pass = 0; pass < 2; pass++) {
        long t0 = System.nanoTime();
        for (long off = 0; off < m.byteSize(); off += SLICE) {
          MemorySegment.copy(chunk, 0, m, ValueLayout.JAVA_BYTE, off, SLICE);
        }
        seconds[pass] = (System.nanoTime() - t0) / 1e9;
      }
      return seconds;
    }
  }
}
