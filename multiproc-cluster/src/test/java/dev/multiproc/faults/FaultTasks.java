package dev.multiproc.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Tasks the cluster fault tests send; static methods, so member JVMs find them. */
final class FaultTasks {
  private FaultTasks() {}

  /** The pid of the member whose worker runs the task. */
  static long memberPid(Object ignored) {
    return ProcessHandle.current().parent().orElseThrow().pid();
  }

  /**
   * Marks {@code dir/started-i}, waits (at most 60 s) until {@code dir/go} exists, then marks
   * {@code dir/done-i}; {@code job} is "dir|i".
   */
  static long markAndWait(String job) {
    int bar = job.indexOf('|');
    Path dir = Path.of(job.substring(0, bar));
    String i = job.substring(bar + 1);
    try {
      Files.writeString(dir.resolve("started-" + i), "");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(dir.resolve("go")) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Files.writeString(dir.resolve("done-" + i), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return memberPid(null);
  }

  /** Writes this worker's pid to {@code dir/worker-pid}, then runs on for at most 120 s. */
  static void runLong(String dir) {
    try {
      Files.writeString(
          Path.of(dir).resolve("worker-pid"), Long.toString(ProcessHandle.current().pid()));
      Thread.sleep(TimeUnit.SECONDS.toMillis(120));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How many files in {@code dir} start with {@code prefix}. */
  static long count(Path dir, String prefix) {
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix)).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
