package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.multiproc.Multiprocessing;
import dev.multiproc.internal.manager.ManagerClient;
import dev.multiproc.ipc.Client;
import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.Listener;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.QueueEmptyException;
import dev.multiproc.manager.Manager;
import dev.multiproc.manager.ManagerException;
import dev.multiproc.manager.ManagerOptions;
import dev.multiproc.manager.Managers;
import dev.multiproc.sync.Barrier;
import dev.multiproc.sync.Event;
import dev.multiproc.sync.MpCondition;
import dev.multiproc.sync.MpLock;
import dev.multiproc.sync.MpSemaphore;
import dev.multiproc.sync.RLock;
import dev.multiproc.testing.NoLeaksExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What floods, idle connections, a frozen manager and interrupts do to a manager and its proxies.
 * Each case: what is done, what must happen. "Both" means the manager of the local context (a
 * server process) and the manager of the threads backend (a server in this JVM).
 *
 * <table>
 *   <caption>Manager fault cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>flood of first calls</td><td>500 and 2,000 virtual threads make their first {@code
 *       dict.get} at once (both)</td><td>every call succeeds; "is gone" is never
 *       reported</td></tr>
 *   <tr><td>connect flood</td><td>500 clients connect to one listener at once</td><td>all
 *       connect and authenticate (a full backlog is waited for, not reported)</td></tr>
 *   <tr><td>short-lived callers</td><td>rounds of 500 platform threads, then of 500 virtual
 *       threads, each using a dict and a reentrant lock, then ending (both)</td><td>threads and
 *       fds of the caller and of the manager stay flat; the manager forgets each caller thread
 *       once it ended</td></tr>
 *   <tr><td>idle unauthenticated connections</td><td>1 and 10 TCP connections that send nothing,
 *       then an honest client</td><td>the honest client is served at once</td></tr>
 *   <tr><td>frozen manager</td><td>SIGSTOP to the manager process, then proxy calls (one already
 *       waiting in {@code take})</td><td>each fails with {@link ManagerException} naming the
 *       manager and the call timeout, within about that timeout; after SIGCONT the proxies work
 *       again</td></tr>
 *   <tr><td>own timeouts longer than the call timeout</td><td>{@code queue.get(4 s)}, {@code
 *       lock.tryLock(3 s)} with a 1 s call timeout (live manager)</td><td>they wait their own
 *       timeout and fail as the JDK does (empty, false), not with
 *       {@link ManagerException}</td></tr>
 *   <tr><td>interrupted blocking call</td><td>interrupt a thread blocked in {@code take}, {@code
 *       poll(t)}, {@code lockInterruptibly}, {@code acquire}, {@code event.await}, {@code
 *       condition.await}, {@code barrier.await} (both)</td><td>{@link InterruptedException} with
 *       the flag cleared</td></tr>
 *   <tr><td>interrupted take, then a put</td><td>interrupt a thread blocked in {@code take};
 *       another thread puts one item (both)</td><td>the item is still in the queue: the
 *       manager's {@code take} was cancelled</td></tr>
 *   <tr><td>interrupted lockInterruptibly, then an unlock</td><td>thread A holds the lock,
 *       thread B's {@code lockInterruptibly} is interrupted, A unlocks (both)</td><td>the lock is
 *       free: B's wait in the manager was cancelled</td></tr>
 * </table>
 */
@ExtendWith(NoLeaksExtension.class)
class ManagerFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Where the manager runs. */
  enum Kind {
    /** {@code Multiprocessing.local().manager()}: a server process. */
    LOCAL,
    /** {@code Multiprocessing.threads().manager()}: a server in this JVM. */
    THREADS;

    Manager start() {
      return start(ManagerOptions.defaults());
    }

    Manager start(ManagerOptions options) {
      return this == LOCAL
          ? Multiprocessing.local().manager(options)
          : Multiprocessing.threads().manager(options);
    }
  }

  /* --------------- helpers --------------- */

  private static void awaitTrue(BooleanSupplier condition, Duration within, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("not within " + within + ": " + what);
      }
      Thread.sleep(20); // polling a condition that has no event to wait on
    }
  }

  private static long managerPid() {
    return Multiprocessing.activeChildren().stream()
        .filter(c -> c.name().equals("Manager"))
        .findFirst()
        .orElseThrow()
        .pid()
        .orElseThrow();
  }

  private static void signal(String signal, long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
  }

  private static int count(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return (int) files.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Threads and open fds of a process, from /proc. */
  private record Usage(int threads, int fds) {
    static Usage of(long pid) {
      Path proc = Path.of("/proc", Long.toString(pid));
      return new Usage(count(proc.resolve("task")), count(proc.resolve("fd")));
    }

    boolean within(Usage base, int threadSlack, int fdSlack) {
      return threads <= base.threads + threadSlack && fds <= base.fds + fdSlack;
    }
  }

  /**
   * Waits until {@code thread} waits inside a manager call: its request is sent and it waits for
   * the answer.
   */
  private static void awaitBlockedInCall(Thread thread) throws InterruptedException {
    awaitTrue(
        () -> {
          Thread.State state = thread.getState();
          List<String> frames =
              Arrays.stream(thread.getStackTrace())
                  .map(f -> f.getClassName() + "." + f.getMethodName())
                  .toList();
          boolean inCall = frames.stream().anyMatch(f -> f.contains("internal.manager"));
          boolean waiting =
              state == Thread.State.WAITING
                  || state == Thread.State.TIMED_WAITING
                  || frames.stream()
                      .limit(8)
                      .anyMatch(f -> f.contains("EPoll") || f.contains("select"));
          return inCall && waiting;
        },
        WAIT,
        thread + " to wait in a manager call");
  }

  /* --------------- floods of callers --------------- */

  static Stream<Arguments> floods() {
    return Stream.of(
        Arguments.of(Kind.LOCAL, 500),
        Arguments.of(Kind.LOCAL, 2000),
        Arguments.of(Kind.THREADS, 500),
        Arguments.of(Kind.THREADS, 2000));
  }

  @ParameterizedTest(name = "{0} manager, {1} virtual threads")
  @MethodSource("floods")
  void dictGet_manyVirtualThreadsAtOnce_allSucceed(Kind kind, int threads) throws Exception {
    try (Manager m = kind.start()) {
      Map<String, Integer> dict = m.dict();
      dict.put("k", 7);
      CountDownLatch go = new CountDownLatch(1);
      Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
      List<Thread> callers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        callers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        go.await();
                        assertEquals(7, dict.get("k"));
                      } catch (Throwable t) {
                        failures.add(t);
                      }
                    }));
      }
      go.countDown();
      for (Thread t : callers) {
        assertTrue(t.join(Duration.ofSeconds(60)), "a caller did not finish");
      }
      assertTrue(
          failures.isEmpty(),
          () -> failures.size() + " of " + threads + " failed, e.g. " + failures.peek());
    }
  }

  @Test
  void connect_500ClientsAtOnce_allConnect() throws Exception {
    byte[] key = "flood".getBytes(StandardCharsets.UTF_8);
    int clients = 500;
    Listener listener = Listener.open(key);
    try {
      Queue<Connection> accepted = new ConcurrentLinkedQueue<>();
      Thread acceptor =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      while (true) {
                        accepted.add(listener.accept());
                      }
                    } catch (RuntimeException closed) {
                      // the listener was closed
                    }
                  });
      CountDownLatch go = new CountDownLatch(1);
      Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
      Queue<Connection> connected = new ConcurrentLinkedQueue<>();
      List<Thread> callers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        callers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        go.await();
                        connected.add(Client.connect(listener.address(), key));
                      } catch (Throwable t) {
                        failures.add(t);
                      }
                    }));
      }
      go.countDown();
      for (Thread t : callers) {
        assertTrue(t.join(Duration.ofSeconds(60)), "a client did not finish");
      }
      try {
        assertTrue(
            failures.isEmpty(),
            () -> failures.size() + " of " + clients + " failed, e.g. " + failures.peek());
        awaitTrue(() -> accepted.size() == clients, WAIT, "every client accepted");
      } finally {
        listener.close();
        acceptor.join();
        connected.forEach(Connection::close);
        accepted.forEach(Connection::close);
      }
    } finally {
      listener.close(); // idempotent
    }
  }

  /* --------------- short-lived callers leave nothing --------------- */

  static void useOnce(Map<String, Integer> dict, RLock lock) {
    lock.lock();
    try {
      dict.merge("n", 1, Integer::sum);
      assertTrue(lock.isHeldByCurrentThread());
    } finally {
      lock.unlock();
    }
  }

  private static void round(boolean virtual, int threads, Map<String, Integer> dict, RLock lock)
      throws InterruptedException {
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Runnable body =
          () -> {
            try {
              useOnce(dict, lock);
            } catch (Throwable t) {
              failures.add(t);
            }
          };
      callers.add(virtual ? Thread.ofVirtual().start(body) : Thread.ofPlatform().start(body));
    }
    for (Thread t : callers) {
      assertTrue(t.join(Duration.ofSeconds(60)), "a caller did not finish");
    }
    assertTrue(
        failures.isEmpty(), () -> failures.size() + " callers failed, e.g. " + failures.peek());
  }

  /** Waits until the manager has forgotten every ended caller thread and its call threads. */
  private static void awaitQuiet(ManagerClient handle) throws InterruptedException {
    awaitTrue(
        () -> {
          Map<String, Integer> stats = handle.stats();
          return stats.get("sessions") == 0
              && stats.get("sessionThreads") == 0
              && stats.get("callThreads") == 0;
        },
        WAIT,
        "the manager forgets ended caller threads: " + handle.stats());
  }

  @ParameterizedTest(name = "{0} manager")
  @EnumSource(Kind.class)
  void roundsOfShortLivedThreads_leaveThreadsAndFdsFlat(Kind kind) throws Exception {
    int perRound = 500;
    try (Manager m = kind.start()) {
      Map<String, Integer> dict = m.dict();
      RLock lock = m.rLock();
      long self = ProcessHandle.current().pid();
      long server = kind == Kind.LOCAL ? managerPid() : self;
      ManagerClient handle = (ManagerClient) m;
      round(false, perRound, dict, lock); // warm-up: pools, watchers, JIT threads
      round(true, perRound, dict, lock);
      awaitQuiet(handle);
      System.gc();
      Usage clientBase = Usage.of(self);
      Usage serverBase = Usage.of(server);
      for (int r = 0; r < 3; r++) {
        round(false, perRound, dict, lock);
        round(true, perRound, dict, lock);
      }
      assertEquals(8 * perRound, dict.get("n"));
      // what ended callers used is given back within a few seconds
      awaitQuiet(handle);
      awaitTrue(
          () ->
              Usage.of(self).within(clientBase, 8, 16)
                  && Usage.of(server).within(serverBase, 8, 16),
          WAIT,
          "threads and fds back to the base; client "
              + clientBase
              + " -> "
              + Usage.of(self)
              + ", manager "
              + serverBase
              + " -> "
              + Usage.of(server));
      System.out.println(
          kind
              + " manager, after 6 rounds of "
              + perRound
              + " threads: client "
              + clientBase
              + " -> "
              + Usage.of(self)
              + ", manager "
              + serverBase
              + " -> "
              + Usage.of(server)
              + ", "
              + handle.stats());
    }
  }

  /* --------------- idle unauthenticated connections --------------- */

  @ParameterizedTest(name = "{0} idle connections")
  @ValueSource(ints = {1, 10})
  void idleTcpConnections_doNotDelayAnHonestClient(int idle) throws Exception {
    byte[] key = "the key".getBytes(StandardCharsets.UTF_8);
    try (Manager server =
        Managers.serve(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            key,
            ManagerOptions.defaults())) {
      List<SocketChannel> silent = new ArrayList<>();
      try {
        for (int i = 0; i < idle; i++) {
          silent.add(SocketChannel.open(server.address())); // connects, never says a word
        }
        long t0 = System.nanoTime();
        try (Manager client = Managers.connect(server.address(), key)) {
          Map<String, String> d = client.dict();
          d.put("k", "v");
          assertEquals("v", d.get("k"));
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        // the handshake bound is 10 s: an honest client that waited for idle ones takes that long
        assertTrue(millis < 5_000, "the honest client took " + millis + " ms");
      } finally {
        for (SocketChannel s : silent) {
          s.close();
        }
      }
    }
  }

  /* --------------- a frozen manager --------------- */

  @Test
  void frozenManager_callsFailWithTheCallTimeout_andWorkAgainAfterContinue() throws Exception {
    Duration callTimeout = Duration.ofSeconds(2);
    try (Manager m = Kind.LOCAL.start(ManagerOptions.defaults().withCallTimeout(callTimeout))) {
      Map<String, Integer> dict = m.dict();
      MpQueue<String> queue = m.queue();
      dict.put("a", 1);
      long pid = managerPid();
      AtomicReference<Throwable> takeFailure = new AtomicReference<>();
      Thread taker =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      queue.take();
                    } catch (Throwable t) {
                      takeFailure.set(t);
                    }
                  });
      awaitBlockedInCall(taker);
      signal("STOP", pid);
      try {
        long t0 = System.nanoTime();
        var e = assertThrows(ManagerException.class, () -> dict.get("a"));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        String where =
            m.address() instanceof UnixDomainSocketAddress unix
                ? unix.getPath().toString()
                : m.address().toString();
        assertTrue(e.getMessage().contains(where), e.getMessage());
        assertTrue(e.getMessage().contains("2000 ms"), e.getMessage());
        assertTrue(millis >= 1_500 && millis < 20_000, "failed after " + millis + " ms");
        assertTrue(taker.join(Duration.ofSeconds(20)), "take still waits on a frozen manager");
        assertInstanceOf(ManagerException.class, takeFailure.get());
        assertTrue(
            takeFailure.get().getMessage().contains("2000 ms"), takeFailure.get().getMessage());
      } finally {
        signal("CONT", pid);
      }
      assertEquals(1, dict.get("a")); // the manager is back: proxies work again
      queue.put("x");
      assertEquals("x", queue.poll(5, TimeUnit.SECONDS)); // the abandoned take took nothing
    }
  }

  @Test
  void ownTimeoutsLongerThanTheCallTimeout_areWaitedInFull() throws Exception {
    try (Manager m =
        Kind.LOCAL.start(ManagerOptions.defaults().withCallTimeout(Duration.ofSeconds(1)))) {
      MpQueue<String> queue = m.queue();
      long t0 = System.nanoTime();
      assertThrows(QueueEmptyException.class, () -> queue.get(Duration.ofSeconds(4)));
      assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(3_900));
      MpLock lock = m.lock();
      Thread holder = Thread.ofPlatform().start(lock::lock);
      holder.join();
      t0 = System.nanoTime();
      assertFalse(lock.tryLock(3, TimeUnit.SECONDS));
      assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(2_900));
      lock.unlock(); // a plain lock: any thread may release it
    }
  }

  /* --------------- interrupts --------------- */

  /** A blocking call on a manager object made for it. */
  record Blocking(String name, Function<Manager, Object> make, BlockingCall call) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The call, on the object {@link Blocking#make} made. */
  @FunctionalInterface
  interface BlockingCall {
    void run(Object object) throws Exception;
  }

  @SuppressWarnings("WaitNotInLoop") // each call blocks once, to be interrupted
  static Stream<Arguments> blockingCalls() {
    List<Blocking> calls =
        List.of(
            new Blocking("queue.take", m -> m.queue(), q -> ((MpQueue<?>) q).take()),
            new Blocking(
                "queue.poll(1 h)", m -> m.queue(), q -> ((MpQueue<?>) q).poll(1, TimeUnit.HOURS)),
            new Blocking("queue.get", m -> m.queue(), q -> ((MpQueue<?>) q).get()),
            new Blocking(
                "semaphore.acquire", m -> m.semaphore(0), s -> ((MpSemaphore) s).acquire()),
            new Blocking("event.await", Manager::event, e -> ((Event) e).await()),
            new Blocking("barrier.await", m -> m.barrier(2), b -> ((Barrier) b).await()),
            new Blocking(
                "condition.await",
                Manager::condition,
                c -> {
                  MpCondition cond = (MpCondition) c;
                  cond.getLock().lock();
                  try {
                    cond.await();
                  } finally {
                    cond.getLock().unlock(); // the lock is held again after an interrupted await
                  }
                }));
    List<Arguments> out = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      for (Blocking b : calls) {
        out.add(Arguments.of(kind, b));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} manager: {1}")
  @MethodSource("blockingCalls")
  void blockingCall_interrupted_throwsInterruptedExceptionWithTheFlagCleared(
      Kind kind, Blocking blocking) throws Exception {
    try (Manager m = kind.start()) {
      Object target = blocking.make().apply(m);
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicReference<Boolean> flagAfter = new AtomicReference<>();
      Thread caller =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      blocking.call().run(target);
                    } catch (Throwable t) {
                      thrown.set(t);
                      flagAfter.set(Thread.currentThread().isInterrupted());
                    }
                  });
      awaitBlockedInCall(caller);
      caller.interrupt();
      assertTrue(caller.join(WAIT), "the interrupted call did not return");
      assertInstanceOf(InterruptedException.class, thrown.get(), () -> "got " + thrown.get());
      assertEquals(false, flagAfter.get(), "the interrupt flag is cleared when thrown");
      if (target instanceof Barrier barrier) {
        assertTrue(barrier.isBroken(), "an interrupted barrier wait breaks it, as in the JDK");
        assertThrows(BrokenBarrierException.class, () -> barrier.await(WAIT));
      }
    }
  }

  @ParameterizedTest(name = "{0} manager")
  @EnumSource(Kind.class)
  void take_interrupted_doesNotSwallowTheNextItem(Kind kind) throws Exception {
    try (Manager m = kind.start()) {
      MpQueue<String> queue = m.queue();
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread taker =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      thrown.set(new AssertionError("took " + queue.take()));
                    } catch (Throwable t) {
                      thrown.set(t);
                    }
                  });
      awaitBlockedInCall(taker);
      taker.interrupt();
      assertTrue(taker.join(WAIT));
      assertInstanceOf(InterruptedException.class, thrown.get(), () -> "got " + thrown.get());
      queue.put("next");
      assertEquals("next", queue.poll(10, TimeUnit.SECONDS), "the item was swallowed");
      assertNull(queue.poll());
    }
  }

  @ParameterizedTest(name = "{0} manager")
  @EnumSource(Kind.class)
  @SuppressWarnings("LockNotBeforeTry") // held while another thread is interrupted
  void lockInterruptibly_interrupted_leavesTheLockFreeOnceReleased(Kind kind) throws Exception {
    try (Manager m = kind.start()) {
      for (MpLock lock : List.of(m.lock(), m.rLock())) {
        lock.lock();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter =
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        lock.lockInterruptibly();
                        thrown.set(new AssertionError("took the lock"));
                      } catch (Throwable t) {
                        thrown.set(t);
                      }
                    });
        awaitBlockedInCall(waiter);
        waiter.interrupt();
        assertTrue(waiter.join(WAIT));
        assertInstanceOf(InterruptedException.class, thrown.get(), () -> "got " + thrown.get());
        lock.unlock();
        AtomicReference<Boolean> took = new AtomicReference<>();
        Thread other =
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        took.set(lock.tryLock(10, TimeUnit.SECONDS));
                        if (took.get()) {
                          lock.unlock();
                        }
                      } catch (InterruptedException e) {
                        took.set(false);
                      }
                    });
        assertTrue(other.join(WAIT));
        assertEquals(true, took.get(), lock + " stayed held by the cancelled wait");
      }
    }
  }
}
