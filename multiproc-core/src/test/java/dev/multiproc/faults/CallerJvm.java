package dev.multiproc.faults;

import dev.multiproc.testing.ProcessStates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A caller JVM ({@link LifecycleCallerMain}) started by a fault test, with a temporary directory
 * of its own, so that its family's directories are easy to find and nothing else is touched.
 */
final class CallerJvm implements AutoCloseable {
  private final Process process;
  private final Path tmp;
  private final List<String> out = new ArrayList<>();
  private final StringBuilder err = new StringBuilder();
  private boolean errClosed;

  private CallerJvm(Process process, Path tmp) {
    this.process = process;
    this.tmp = tmp;
    Thread.ofPlatform().daemon().start(() -> read(true));
    Thread.ofPlatform().daemon().start(() -> read(false));
  }

  /**
   * Starts a caller.
   *
   * @param tmp its {@code java.io.tmpdir}
   * @param jvmFlags extra flags for its JVM
   * @param args its arguments (the mode first)
   * @return the running caller
   * @throws IOException if it cannot start
   */
  static CallerJvm start(Path tmp, List<String> jvmFlags, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Djava.io.tmpdir=" + tmp);
    cmd.addAll(jvmFlags);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(LifecycleCallerMain.class.getName());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).start();
    return new CallerJvm(p, tmp);
  }

  private void read(boolean stdout) {
    try (var r =
        new BufferedReader(
            new InputStreamReader(
                stdout ? process.getInputStream() : process.getErrorStream(),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (this) {
          if (stdout) {
            out.add(line);
          } else {
            err.append(line).append('\n');
          }
          notifyAll();
        }
      }
    } catch (IOException e) {
      // the caller is gone
    }
    if (!stdout) {
      synchronized (this) {
        errClosed = true;
        notifyAll();
      }
    }
  }

  /**
   * Waits until no process holds the caller's stderr open any more: the caller and every worker
   * JVM it started, which write to the same stderr, have ended.
   *
   * @return whether that happened within {@code within}
   */
  synchronized boolean awaitStderrClosed(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!errClosed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
    return true;
  }

  /** Returns the value of the first stdout line {@code key=value}, waiting for it. */
  synchronized String await(String key, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      for (String line : out) {
        if (line.startsWith(key + "=")) {
          return line.substring(key.length() + 1);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "the caller printed no "
                + key
                + "= within "
                + within
                + "; alive="
                + process.isAlive()
                + "\nstdout: "
                + out
                + "\nstderr: "
                + err);
      }
      wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
  }

  /** Returns every value of stdout lines {@code key=value} so far. */
  synchronized List<String> values(String key) {
    return out.stream()
        .filter(l -> l.startsWith(key + "="))
        .map(l -> l.substring(key.length() + 1))
        .toList();
  }

  /** Waits for the stdout line {@code line}. */
  synchronized void awaitLine(String line, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!out.contains(line)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "the caller printed no line '"
                + line
                + "' within "
                + within
                + "; alive="
                + process.isAlive()
                + "\nstdout: "
                + out
                + "\nstderr: "
                + err);
      }
      wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
  }

  /** Returns what the caller printed to stderr so far. */
  synchronized String stderr() {
    return err.toString();
  }

  /** Returns what the caller printed to stdout so far. */
  synchronized List<String> stdout() {
    return List.copyOf(out);
  }

  /** Writes a line to the caller's stdin. */
  void tell(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  long pid() {
    return process.pid();
  }

  Process process() {
    return process;
  }

  Path tmp() {
    return tmp;
  }

  /** Sends SIGKILL and waits until the caller has ended (and is reaped). */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** The caller's resource-tracker directory, once it exists. */
  Optional<Path> familyDirectory() {
    return find("multiproc-res-" + pid() + "-");
  }

  /** The caller's rendezvous-socket directory, once it exists. */
  Optional<Path> spawnDirectory() {
    return find("multiproc-" + pid() + "-");
  }

  private Optional<Path> find(String prefix) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, prefix + "*")) {
      for (Path p : entries) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Waits until {@code path} no longer exists. */
  static boolean awaitGone(Path path, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** The running resource trackers whose command line names {@code familyDirectory}. */
  static List<Long> trackersOf(Path familyDirectory) {
    return ProcessHandle.allProcesses()
        .filter(
            h ->
                h.info()
                    .commandLine()
                    .map(
                        c ->
                            c.contains("ResourceTrackerMain")
                                && c.contains(familyDirectory.toString()))
                    .orElse(false))
        .map(ProcessHandle::pid)
        .filter(ProcessStates::running)
        .toList();
  }

  /** Kills the caller if it still runs and reaps it. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor();
      // its tracker cleans up in the caller's temporary directory: let it finish before the test
      // deletes that directory (both deleting at once makes the test's deletion fail)
      String family = "multiproc-res-" + process.pid() + "-";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline && hasEntryStartingWith(family)) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean hasEntryStartingWith(String prefix) {
    try (var entries = java.nio.file.Files.list(tmp)) {
      return entries.anyMatch(p -> p.getFileName().toString().startsWith(prefix));
    } catch (IOException e) {
      return false;
    }
  }
}
