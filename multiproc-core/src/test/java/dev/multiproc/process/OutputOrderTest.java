package dev.multiproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.multiproc.testing.JvmRun;
import dev.multiproc.testing.NoLeaksExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller whose {@code System.out} is its own (here: a file) gets its children's lines in causal
 * order with its own, as in Python: children write to the inherited stdout directly.
 */
@ExtendWith(NoLeaksExtension.class)
class OutputOrderTest {
  private static final int ROUNDS = 30;

  @TempDir Path dir;

  @Test
  void childOutput_toACallersOwnStdout_staysInCausalOrderInEveryRound() throws Exception {
    JvmRun.Result r =
        JvmRun.run(
            JvmRun.java(
                List.of(
                    "-XX:+UseSerialGC",
                    "--enable-native-access=ALL-UNNAMED",
                    "-Dmultiproc.cache.dir=" + dir.resolve("cache")),
                System.getProperty("java.class.path"),
                OutputOrderMain.class.getName(),
                String.valueOf(ROUNDS)),
            dir,
            Duration.ofMinutes(5));
    assertEquals(0, r.exitCode(), r::describe);
    List<String> expected = new ArrayList<>();
    for (int k = 0; k < ROUNDS; k++) {
      expected.add("parent " + k + " before");
      for (int i = 0; i < OutputOrderMain.LINES; i++) {
        expected.add("child " + k + " line " + i);
      }
      expected.add("parent " + k + " after");
    }
    for (int k = 0; k < ROUNDS; k++) {
      expected.add("parent " + k + " before task");
      for (int i = 0; i < OutputOrderMain.LINES; i++) {
        expected.add("task " + k + " line " + i);
      }
      expected.add("parent " + k + " after task " + k);
    }
    expected.add("captured=" + OutputOrderMain.LINES); // a replaced System.out gets them relayed
    assertEquals(
        String.join("\n", expected), String.join("\n", r.stdout().lines().toList()), r::describe);
  }
}
