package dev.multiproc.internal.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** How much a worker may leave unread before frames to it go through its writer thread. */
class WorkerOutboxTest {
  @Test
  void inlineLimit_aQuarterOfTheKernelsSocketSendBufferAtMost32KiB() throws Exception {
    long buffer =
        Long.parseLong(
            Files.readAllLines(Path.of("/proc/sys/net/core/wmem_default")).getFirst().strip());
    long expected = buffer < 64 * 1024 ? 0 : Math.min(32 * 1024, buffer / 4);
    assertEquals(expected, WorkerOutbox.INLINE_LIMIT, "net.core.wmem_default=" + buffer);
  }
}
