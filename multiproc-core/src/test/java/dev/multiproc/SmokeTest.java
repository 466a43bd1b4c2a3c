package dev.multiproc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.multiproc.pool.Pool;
import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.TestTasks;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaksExtension.class)
class SmokeTest {
  @Test
  void map_squares() {
    try (Pool pool = Multiprocessing.local().pool(2)) {
      assertEquals(List.of(1, 4, 9), pool.map(TestTasks::square, List.of(1, 2, 3)));
    }
  }
}
