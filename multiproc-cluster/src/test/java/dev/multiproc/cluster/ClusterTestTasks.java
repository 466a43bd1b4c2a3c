package dev.multiproc.cluster;

import dev.multiproc.ipc.MpQueue;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.MpSemaphore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Tasks the cluster tests send; static methods, so the member JVMs find them on their class path. */
final class ClusterTestTasks {
  private ClusterTestTasks() {}

  /** The pid of the JVM that started this worker: the member that ran the task. */
  static long memberPid(Object ignored) {
    sleep(30);
    return ProcessHandle.current().parent().orElseThrow().pid();
  }

  /** Sleeps {@code millis}, then returns the member's pid. */
  static long sleepThenMemberPid(Integer millis) {
    sleep(millis);
    return ProcessHandle.current().parent().orElseThrow().pid();
  }

  /**
   * Marks {@code dir/started-memberPid-i}, sleeps {@code millis}, then returns the member's pid;
   * {@code job} is "dir|i|millis".
   */
  static long markThenSleepThenMemberPid(String job) {
    String[] w = job.split("\\|");
    long member = ProcessHandle.current().parent().orElseThrow().pid();
    try {
      Files.writeString(Path.of(w[0]).resolve("started-" + member + "-" + w[1]), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sleep(Long.parseLong(w[2]));
    return member;
  }

  /**
   * Waits until {@code count} tasks marked their start in {@code dir}; returns their members'
   * pids. Fails after 60 s.
   */
  static List<Long> awaitStarted(Path dir, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      List<Long> members;
      try (var files = Files.list(dir)) {
        members =
            files
                .map(f -> f.getFileName().toString())
                .filter(n -> n.startsWith("started-"))
                .map(n -> Long.parseLong(n.split("-")[1]))
                .toList();
      }
      if (members.size() >= count) {
        return members;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(count + " tasks did not start within 60 s: " + members);
      }
      Thread.sleep(20); // a file has no event to wait on here: checked a bit apart
    }
  }

  static int square(Integer x) {
    return x * x;
  }

  static int fail(String message) {
    throw new IllegalStateException(message);
  }

  static int exit(Integer code) {
    System.exit(code);
    return code;
  }

  /** Puts {@code item} into the cluster queue it was sent, then returns this worker's pid. */
  static long putTagged(MpQueue<String> q, String item) throws InterruptedException {
    q.put(item);
    return ProcessHandle.current().pid();
  }

  /**
   * Puts {@code item} into the cluster queue it was sent (so this JVM attaches to the cluster),
   * then returns how many TCP connections this JVM has open to the given ports.
   */
  static int connectionsAfterUse(MpQueue<String> q, String item, java.util.List<Integer> ports)
      throws Exception {
    q.put(item);
    java.util.Set<String> sockets = new java.util.HashSet<>();
    try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
      for (var fd : fds.toList()) {
        try {
          String link = java.nio.file.Files.readSymbolicLink(fd).toString();
          if (link.startsWith("socket:[")) {
            sockets.add(link.substring(8, link.length() - 1));
          }
        } catch (java.io.IOException e) {
          // closed meanwhile
        }
      }
    }
    int count = 0;
    for (String table : new String[] {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(table))) {
        String[] f = line.strip().split("\\s+");
        if (f.length > 9 && f[3].equals("01") && sockets.contains(f[9])) {
          int port = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
          if (ports.contains(port)) {
            count++;
          }
        }
      }
    }
    return count;
  }

  /** Closes the copy of the queue it was sent; 1 if the copy then refuses use. */
  static int closeCopy(MpQueue<String> q) {
    q.close();
    try {
      q.putNow("refused");
      return 0;
    } catch (IllegalStateException expected) {
      return 1;
    }
  }

  /** Releases one permit of {@code arrived}, then waits up to a minute for {@code go}. */
  static boolean arriveThenWait(MpSemaphore arrived, Event go) throws InterruptedException {
    arrived.release();
    return go.await(Duration.ofSeconds(60));
  }

  /** Whether the lock could be taken at once (and, if so, releases it). */
  static boolean tryLockAndRelease(MpLock lock) {
    if (lock.tryLock()) {
      lock.unlock();
      return true;
    }
    return false;
  }

  /** Puts 0 … n-1 into the queue (a child process's target). */
  static void putRange(MpQueue<Integer> q, Integer n) {
    for (int i = 0; i < n; i++) {
      q.putNow(i);
    }
  }

  /** Stores {@code i * i} under {@code "i"} in a cluster manager's dict. */
  static int putSquare(java.util.Map<String, Integer> squares, Integer i) {
    squares.put(Integer.toString(i), i * i);
    return i;
  }

  /** Appends to the list stored under "log" in the dict: the list is the cluster's too. */
  static int appendThroughDict(java.util.Map<String, java.util.List<String>> holder, String s) {
    holder.get("log").add(s);
    return 1;
  }

  /** Adds one to the namespace's x and the value, and sets y to "done". */
  static int bumpNamespace(
      dev.multiproc.manager.Namespace ns, dev.multiproc.manager.ManagedValue<Integer> value) {
    ns.set("x", (Integer) ns.get("x") + 1);
    ns.set("y", "done");
    value.set(value.get() + 1);
    return 1;
  }

  /** How many times each tag's initializer ran in this worker JVM. */
  private static final java.util.Map<String, Integer> INITIALIZED =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** A pool initializer: counts its runs under {@code tag}. */
  static void initialize(String tag) {
    INITIALIZED.merge(tag, 1, Integer::sum);
  }

  /** "pid:runs" of the tag's initializer in this worker. */
  static String initializedRuns(String tag) {
    sleep(20);
    return ProcessHandle.current().pid() + ":" + INITIALIZED.getOrDefault(tag, 0);
  }

  /** A process target that ends its JVM with {@code code}. */
  static void exitProcess(Integer code) {
    System.exit(code);
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
