package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.multiproc.cluster.MemberLoss;
import dev.multiproc.cluster.MemberLostException;
import dev.multiproc.cluster.internal.LocalMembers;
import dev.multiproc.pool.AsyncResult;
import dev.multiproc.pool.Pool;
import dev.multiproc.pool.PoolOptions;
import dev.multiproc.pool.ResultIterator;
import dev.multiproc.testing.NoLeaksExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster pool's batches (several tasks to one member in one Hazelcast operation) under
 * member faults: three members in JVMs of their own, two workers each, this JVM a client. Many
 * tasks submitted at once travel in batches of up to eight per member.
 *
 * <table>
 *   <caption>Cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>order over batches</td><td>map and imap with chunksize 1 over 3,000 items, and
 *       imapUnordered</td><td>every result in its item's place (map, imap) or once (unordered),
 *       from every member</td></tr>
 *   <tr><td>member killed with batches on it</td><td>SIGKILL of a member while each member runs
 *       two tasks and holds more, queued in batches</td><td>each of its tasks fails with
 *       MemberLostException naming it, each other task returns; none is run twice, none
 *       hangs</td></tr>
 *   <tr><td>the same under RERUN</td><td>as above, the pool's policy RERUN</td><td>every task
 *       returns, from a live member; only a task that started on the killed member ran twice
 *       </td></tr>
 * </table>
 */
@Timeout(240)
@ExtendWith(NoLeaksExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterBatchFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static MemberJvms cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = MemberJvms.start(ClusterBatchFaultTest.class, 3, 2);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Tasks the members' workers run. */
  static final class BatchTasks {
    private BatchTasks() {}

    /** The item, then the pid of the member whose worker runs it. */
    static String tagged(Integer i) {
      return i + "@" + ProcessHandle.current().parent().orElseThrow().pid();
    }

    /**
     * Appends its member's pid to {@code dir/run-i}, waits (at most 60 s) for {@code dir/go},
     * then marks {@code dir/done-i}; returns its member's pid. {@code job} is "dir|i".
     */
    static long markRunAndWait(String job) {
      int bar = job.indexOf('|');
      Path dir = Path.of(job.substring(0, bar));
      String i = job.substring(bar + 1);
      long member = ProcessHandle.current().parent().orElseThrow().pid();
      try {
        Files.writeString(
            dir.resolve("run-" + i),
            member + "\n",
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
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
      return member;
    }
  }

  /** The member pids that ran task {@code i}, in order; empty if it never started. */
  private static List<Long> runs(Path dir, int i) throws IOException {
    Path f = dir.resolve("run-" + i);
    if (!Files.exists(f)) {
      return List.of();
    }
    return Files.readAllLines(f, StandardCharsets.UTF_8).stream().map(Long::parseLong).toList();
  }

  private static List<String> jobs(Path dir, int n) {
    return IntStream.range(0, n).mapToObj(i -> dir + "|" + i).toList();
  }

  @Test
  @Order(1)
  void mapAndImapWithChunksizeOne_keepTheOrderOfTheItemsOverEveryMember() throws Exception {
    List<Integer> items = IntStream.range(0, 3000).boxed().toList();
    try (Pool pool = cluster.client.pool()) {
      List<String> mapped = pool.map(BatchTasks::tagged, items, 1);
      Set<String> members = new HashSet<>();
      for (int i = 0; i < items.size(); i++) {
        String[] itemAndPid = mapped.get(i).split("@");
        assertEquals(Integer.toString(i), itemAndPid[0], "result " + i + " out of place");
        members.add(itemAndPid[1]);
      }
      assertEquals(3, members.size(), "every member ran tasks of the map: " + members);

      List<String> lazy = new ArrayList<>();
      try (ResultIterator<String> it = pool.imap(BatchTasks::tagged, items, 1)) {
        it.forEachRemaining(lazy::add);
      }
      assertEquals(items, lazy.stream().map(s -> Integer.valueOf(s.split("@")[0])).toList());

      List<Integer> unordered = new ArrayList<>();
      try (ResultIterator<String> it = pool.imapUnordered(BatchTasks::tagged, items, 1)) {
        it.forEachRemaining(s -> unordered.add(Integer.valueOf(s.split("@")[0])));
      }
      assertEquals(items, unordered.stream().sorted().toList(), "each item once");
    }
  }

  /** Submits {@code n} waiting tasks one by one, fast enough that most travel in batches. */
  private static List<AsyncResult<Long>> submitWaiting(Pool pool, Path dir, int n) {
    List<AsyncResult<Long>> results = new ArrayList<>();
    for (String job : jobs(dir, n)) {
      results.add(pool.applyAsync(BatchTasks::markRunAndWait, job));
    }
    return results;
  }

  /** Waits until {@code n} tasks started, one at least on {@code victim}. */
  private static void awaitStarted(Path dir, int n, long victim) throws InterruptedException {
    MemberJvms.await(
        () -> {
          try (var files = Files.list(dir)) {
            List<Path> started =
                files.filter(f -> f.getFileName().toString().startsWith("run-")).toList();
            boolean onVictim = false;
            for (Path f : started) {
              onVictim |= Files.readString(f).startsWith(victim + "\n");
            }
            return started.size() >= n && onVictim;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        60,
        n + " tasks did not start, one at least on member " + victim);
  }

  @Test
  @Order(2)
  void aMemberKilledWithBatchesOnIt_failsEachOfItsTasksOnce_andTheOthersReturn(@TempDir Path dir)
      throws Exception {
    LocalMembers.Member victim = cluster.member(1);
    try (Pool pool = cluster.client.pool()) {
      pool.map(BatchTasks::tagged, IntStream.range(0, 60).boxed().toList(), 1); // warm up
      int n = 120;
      List<AsyncResult<Long>> results = submitWaiting(pool, dir, n);
      awaitStarted(dir, 6, victim.pid()); // two per member run; more wait there, in batches
      cluster.members.kill(victim);
      MemberJvms.await(
          () -> results.stream().anyMatch(AsyncResult::ready),
          60,
          "no task of the killed member failed");
      Files.writeString(dir.resolve("go"), "");

      int lost = 0;
      for (int i = 0; i < n; i++) {
        assertTrue(results.get(i).await(WAIT), "task " + i + " did not end"); // nor its marks
        List<Long> runs = runs(dir, i);
        assertTrue(runs.size() <= 1, "task " + i + " ran more than once, on " + runs);
        try {
          long pid = results.get(i).get(Duration.ZERO);
          assertFalse(pid == victim.pid(), "task " + i + " returned from the killed member");
          assertEquals(List.of(pid), runs, "task " + i + " returned, from where it ran");
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof MemberLostException lostOn)) {
            throw e;
          }
          assertEquals(victim.address(), lostOn.member(), "task " + i);
          assertTrue(
              runs.isEmpty() || runs.equals(List.of(victim.pid())),
              "task " + i + " failed as lost, yet ran on " + runs);
          assertFalse(Files.exists(dir.resolve("done-" + i)), "lost task " + i + " ran to its end");
          lost++;
        }
      }
      assertTrue(lost >= 2, "the two tasks running on the killed member failed: " + lost);
      assertTrue(lost < n, "every task failed: " + lost);
    }
  }

  @Test
  @Order(3)
  void underRerun_theKilledMembersTasksRunAgainElsewhere_noneLost(@TempDir Path dir)
      throws Exception {
    LocalMembers.Member victim = cluster.member(2);
    LocalMembers.Member survivor = cluster.member(0);
    try (Pool pool = cluster.client.pool(PoolOptions.of(200), MemberLoss.RERUN)) {
      pool.map(BatchTasks::tagged, IntStream.range(0, 40).boxed().toList(), 1); // warm up
      int n = 80;
      List<AsyncResult<Long>> results = submitWaiting(pool, dir, n);
      awaitStarted(dir, 4, victim.pid());
      cluster.members.kill(victim);
      MemberJvms.await(
          () -> cluster.client.memberCount() == 1, 60, "the killed member was not removed");
      Files.writeString(dir.resolve("go"), "");

      int twice = 0;
      for (int i = 0; i < n; i++) {
        long pid;
        try {
          pid = results.get(i).get(WAIT);
        } catch (ExecutionException e) {
          fail("task " + i + " failed under RERUN", e);
          return;
        }
        assertEquals(survivor.pid(), pid, "task " + i + " returned from a live member");
        List<Long> runs = runs(dir, i);
        if (runs.size() == 2) {
          assertEquals(List.of(victim.pid(), pid), runs, "task " + i + " ran again elsewhere");
          twice++;
        } else {
          assertEquals(List.of(pid), runs, "task " + i + " ran once, where it returned from");
        }
      }
      assertTrue(twice >= 1, "no task that started on the killed member ran again");
    }
  }
}
