package dev.multiproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.testing.NoLeaksExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A child process that has ended holds no descriptor of its parent, closed or not: Python's
 * {@code Process} lets its sentinel go when the object is collected, and a program that starts
 * children in a loop without {@code close()} must not run out of descriptors.
 */
@ExtendWith(NoLeaksExtension.class)
class ChildDescriptorTest {

  private static long sockets() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException e) {
                  return false;
                }
              })
          .count();
    }
  }

  @Test
  void childrenEndedWithoutClose_holdNoSocket() throws Exception {
    NoLeaksExtension.awaitSpares();
    long before = sockets();
    List<ChildProcess> ended = new ArrayList<>(); // reachable: the collector cannot help
    for (int i = 0; i < 5; i++) {
      ChildProcess p = new ChildProcess(() -> {}).start();
      assertTrue(p.join(Duration.ofSeconds(30)));
      ended.add(p);
    }
    NoLeaksExtension.awaitSpares(); // the spare taken by the last start is replaced: count it
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (sockets() > before && System.nanoTime() < deadline) {
      Thread.sleep(20); // the channel is closed when the exit is seen, on another thread
    }
    assertEquals(before, sockets(), "sockets of 5 children that ended, not closed");
    for (ChildProcess p : ended) {
      assertEquals(0, p.exitCode().orElseThrow());
      p.close();
    }
  }
}
