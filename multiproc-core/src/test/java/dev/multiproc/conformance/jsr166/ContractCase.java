package dev.multiproc.conformance.jsr166;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import junit.framework.TestCase;
import junit.framework.TestSuite;

/**
 * The base of the JSR-166-style contract cases, in the TCK's shape: one instance per {@code
 * test*} method (a JUnit 3 test case for the conformance runner, see {@link #suite}), with the
 * helpers the TCK's cases are written with: a short delay that a timed wait must outlast, a long
 * one that bounds what must happen, threads whose failures reach the test, and objects closed
 * after the case.
 */
public abstract class ContractCase {
  /** A timed wait that must expire is given this long. */
  protected static final Duration SHORT = Duration.ofMillis(100);

  /** What must happen must happen within this long (a loaded machine included). */
  protected static final Duration LONG = Duration.ofSeconds(10);

  /**
   * What must follow at once (an answer to an interrupt, an item already in a queue) must come
   * within this long, a loaded machine included; shorter than {@link #LONG} so that a failing
   * case does not cost the run its long wait.
   */
  protected static final Duration PROMPT = Duration.ofSeconds(1);

  private String name = "case";
  private final List<Object> made = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<CountDownLatch> releases = new ArrayList<>();
  private final AtomicReference<Throwable> threadFailure = new AtomicReference<>();

  /** Code a helper thread runs; what it throws fails the case. */
  @FunctionalInterface
  protected interface Body {
    /**
     * Runs.
     *
     * @throws Throwable anything, which fails the case
     */
    void run() throws Throwable;
  }

  /** Remembers {@code object} to close it after the case, if it is {@link AutoCloseable}. */
  protected final <T> T made(T object) {
    made.add(object);
    return object;
  }

  /** A latch that the case counts down when it ends, whatever its outcome (a holder's release). */
  protected final CountDownLatch release() {
    CountDownLatch latch = new CountDownLatch(1);
    releases.add(latch);
    return latch;
  }

  /**
   * Runs {@code call} on a helper thread and fails if it has not returned within {@link
   * #PROMPT}: for calls that must not wait (a non-positive timeout), so that one that waits
   * without limit fails the case quickly instead of hanging it.
   */
  protected final <T> T returnsPromptly(String what, java.util.concurrent.Callable<T> call)
      throws Exception {
    var result = new java.util.concurrent.CompletableFuture<T>();
    Thread t =
        Thread.ofPlatform()
            .daemon()
            .name(name + " prompt")
            .start(
                () -> {
                  try {
                    result.complete(call.call());
                  } catch (Throwable e) {
                    result.completeExceptionally(e);
                  }
                });
    try {
      return result.get(PROMPT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      t.interrupt();
      throw new AssertionError(what + " did not return within " + PROMPT);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Exception x) {
        throw x;
      }
      throw (Error) e.getCause();
    }
  }

  /** Starts a thread whose failure fails the case. */
  protected final Thread started(Body body) {
    Thread t =
        Thread.ofPlatform()
            .daemon()
            .name(name + " helper")
            .start(
                () -> {
                  try {
                    body.run();
                  } catch (Throwable e) {
                    threadFailure.compareAndSet(null, e);
                  }
                });
    threads.add(t);
    return t;
  }

  /**
   * Waits for a helper thread to end, within {@link #LONG}, and fails with the helper's failure
   * if it had one.
   */
  protected final void joined(Thread t) throws InterruptedException {
    joined(t, LONG);
  }

  /** As {@link #joined(Thread)}, within {@link #PROMPT}: for a helper that was interrupted. */
  protected final void joinedPromptly(Thread t) throws InterruptedException {
    joined(t, PROMPT);
  }

  private void joined(Thread t, Duration limit) throws InterruptedException {
    t.join(limit);
    if (t.isAlive()) {
      AssertionError e = new AssertionError(t.getName() + " did not end within " + limit);
      e.setStackTrace(t.getStackTrace());
      t.interrupt();
      throw e;
    }
    Throwable failure = threadFailure.getAndSet(null);
    if (failure != null) {
      throw new AssertionError("a helper thread failed: " + failure, failure);
    }
  }

  /**
   * Checks that a helper thread is still inside a blocking call after {@link #SHORT}: it must
   * not have returned. (A thread in a socket read or a futex wait is RUNNABLE to the JVM, so its
   * state cannot tell; an interrupt that arrives before the wait starts must be answered the
   * same way, so the case holds either way.)
   */
  protected static void stillBlocked(Thread t) throws InterruptedException {
    t.join(SHORT);
    assertTrue(t.isAlive(), () -> t.getName() + " returned instead of blocking");
  }

  /** Fails: the statement before should have thrown. */
  protected static void shouldThrow(String what) {
    fail("should have thrown " + what);
  }

  /** Checks that the current thread's interrupt status is clear. */
  protected static void assertNotInterrupted() {
    assertFalse(Thread.interrupted(), "the interrupt status is still set after the exception");
  }

  /** Milliseconds since {@code startNanos}. */
  protected static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /**
   * Waits for the helper threads, fails if one failed, and closes what the case made.
   *
   * @throws Exception if a helper failed or did not end
   */
  protected void tearDown() throws Exception {
    try {
      releases.forEach(CountDownLatch::countDown);
      for (Thread t : threads) {
        joined(t, LONG);
      }
      Throwable failure = threadFailure.get();
      if (failure != null) {
        throw new AssertionError("a helper thread failed: " + failure, failure);
      }
      assertFalse(Thread.interrupted(), "the case left its thread interrupted");
    } finally {
      for (Object o : made.reversed()) {
        try {
          if (o instanceof AutoCloseable c) {
            c.close();
          }
        } catch (Exception ignored) {
          // closing what a failed case left behind is best effort
        }
      }
    }
  }

  /**
   * A suite of one case per public {@code test*} method of {@code type}; each run gets a new
   * instance from {@code newCase}.
   *
   * @param type the case class
   * @param newCase makes an instance
   * @return the suite, named after the class
   */
  public static TestSuite suite(
      Class<? extends ContractCase> type, Supplier<? extends ContractCase> newCase) {
    TestSuite suite = new TestSuite(type.getSimpleName());
    Arrays.stream(type.getMethods())
        .map(Method::getName)
        .filter(n -> n.startsWith("test"))
        .sorted()
        .forEach(n -> suite.addTest(new Adapter(n, type, newCase)));
    return suite;
  }

  /** One method of a case class as a JUnit 3 test case. */
  @SuppressWarnings("JdkObsolete") // the conformance runner runs JUnit 3 suites, as the TCK does
  public static final class Adapter extends TestCase {
    private final Class<? extends ContractCase> type;
    private final Supplier<? extends ContractCase> newCase;

    Adapter(
        String method,
        Class<? extends ContractCase> type,
        Supplier<? extends ContractCase> newCase) {
      super(method);
      this.type = type;
      this.newCase = newCase;
    }

    /**
     * The case class.
     *
     * @return its simple name
     */
    public String caseClass() {
      return type.getSimpleName();
    }

    @Override
    protected void runTest() throws Throwable {
      ContractCase c = newCase.get();
      c.name = getName();
      Throwable failure = null;
      try {
        type.getMethod(getName()).invoke(c);
      } catch (InvocationTargetException e) {
        failure = e.getCause();
      } finally {
        try {
          c.tearDown();
        } catch (Throwable t) {
          if (failure == null) {
            failure = t;
          } else {
            failure.addSuppressed(t);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }
}
