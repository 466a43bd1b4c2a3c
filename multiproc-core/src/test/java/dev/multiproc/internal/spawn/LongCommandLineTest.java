package dev.multiproc.internal.spawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Multiprocessing;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.process.JvmOptions;
import dev.multiproc.testing.NoLeaksExtension;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers are started with an argument file ({@code java @file}), so any class path and any
 * value reaches them: real workers report what they got.
 */
@ExtendWith(NoLeaksExtension.class)
class LongCommandLineTest {
  /** Values the launcher's argument-file syntax treats specially, each in one argument. */
  private static final List<String> AWKWARD =
      List.of(
          "a b",
          "q\"uote",
          "it's",
          "back\\slash",
          "end\\",
          "#hash",
          "x#y",
          "new\nline",
          "cr\rhere",
          "tab\there",
          "",
          "ü €",
          "@at");

  @TempDir Path tmp;

  /** The values reach a real worker unchanged, through its argument file. */
  @Test
  void awkward_property_values_reach_the_worker_exactly() {
    JvmOptions options = JvmOptions.defaults();
    for (int i = 0; i < AWKWARD.size(); i++) {
      options = options.withSystemProperty("awkward." + i, AWKWARD.get(i));
    }
    try (Pool pool = Multiprocessing.local().pool(PoolOptions.of(1).withJvm(options))) {
      List<String> seen = pool.apply(LongCommandLineTest::awkwardValues, AWKWARD.size());
      assertEquals(AWKWARD, seen);
    }
  }

  static List<String> awkwardValues(int count) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(System.getProperty("awkward." + i));
    }
    return values;
  }

  /**
   * A class path of more than 200 KiB, of real directories: more than the kernel takes in one
   * argument (128 KiB, "Argument list too long"). The worker gets all of it.
   */
  @Test
  void a_class_path_over_200_KiB_reaches_the_worker_whole() throws Exception {
    var entries = new ArrayList<String>();
    String padding = "d".repeat(120);
    for (int i = 0; entries.stream().mapToInt(e -> e.length() + 1).sum() < 210 * 1024; i++) {
      entries.add(Files.createDirectory(tmp.resolve(i + "-" + padding)).toString());
    }
    String saved = System.getProperty("java.class.path");
    String classPath = saved + File.pathSeparator + String.join(File.pathSeparator, entries);
    assertTrue(classPath.length() > 200 * 1024);
    System.setProperty("java.class.path", classPath);
    try (Pool pool =
        Multiprocessing.local()
            .pool(
                PoolOptions.of(1)
                    .withJvm(JvmOptions.defaults().withSystemProperty("long", "cp")))) {
      String seen = pool.apply(LongCommandLineTest::classPath, "");
      assertEquals(classPath, seen);
    } finally {
      System.setProperty("java.class.path", saved);
    }
  }

  static String classPath(String ignored) {
    return System.getProperty("java.class.path");
  }
}
