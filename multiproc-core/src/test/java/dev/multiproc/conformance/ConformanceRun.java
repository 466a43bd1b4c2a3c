package dev.multiproc.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.multiproc.conformance.Tally.Outcome;
import dev.multiproc.conformance.jsr166.ContractCase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import junit.framework.TestCase;
import junit.framework.TestSuite;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * Runs suites written for JUnit 3 (Guava testlib's builders, the JSR-166-style cases) as JUnit
 * Platform dynamic tests, one per test case, each with a stable id {@code
 * backend/suite/leaf-suite/Class.method} that names it in the reports and in the {@link
 * Expectations} lists. A test listed as not applicable is skipped with its reason; a listed known
 * failure that fails is skipped with its reason and the failure; a listed one that passes fails
 * ("fixed: remove it from the list"); any other failure fails. {@link #finish()} prints the
 * counts per backend and suite, fails on listed tests that no longer exist, and writes the
 * observed failures to {@code target/conformance/} in the list's format.
 */
public final class ConformanceRun {
  /** How long one test case may run before it is interrupted and failed as hung. */
  static final Duration CASE_LIMIT = Duration.ofSeconds(20);

  /**
   * A known failure whose reason starts with this fails only sometimes (a race in the code under
   * test); passing does not fail the build. Use it only for a failure seen to come and go.
   */
  static final String INTERMITTENT = "intermittent:";

  private static final Pattern GUAVA_NAME = Pattern.compile("(\\w+)\\[(.+)\\]");

  private final String listName;
  private final String title;
  private final Expectations expectations;
  private final Tally tally = new Tally();
  private final Set<String> seen = Collections.synchronizedSet(new HashSet<>());
  private final Set<String> suitesRun = Collections.synchronizedSet(new HashSet<>());
  private final Map<String, String> failures = Collections.synchronizedMap(new LinkedHashMap<>());

  /**
   * A run checked against the lists named {@code listName}.
   *
   * @param listName the lists' prefix ({@code core}, {@code cluster})
   * @param title the summary's title (the test class)
   */
  public ConformanceRun(String listName, String title) {
    this.listName = listName;
    this.title = title;
    this.expectations = Expectations.load(listName);
  }

  /**
   * The dynamic tests of one suite against one backend.
   *
   * @param backend the backend's name ({@code local}, {@code threads-manager} …)
   * @param suite the suite's name ({@code guava-map}, {@code jsr166-lock} …)
   * @param test the JUnit 3 suite
   * @return a container with a node per nested suite and a test per case
   */
  public DynamicContainer suite(String backend, String suite, junit.framework.Test test) {
    return suite(backend, suite, test, () -> {});
  }

  /**
   * As {@link #suite(String, String, junit.framework.Test)}, with a clean-up after each case
   * (closing what the case's generator made).
   *
   * @param backend the backend's name
   * @param suite the suite's name
   * @param test the JUnit 3 suite
   * @param afterEach runs after each case, whatever its outcome
   * @return a container with a node per nested suite and a test per case
   */
  public DynamicContainer suite(
      String backend, String suite, junit.framework.Test test, Runnable afterEach) {
    suitesRun.add(backend + "/" + suite + "/");
    return DynamicContainer.dynamicContainer(
        backend + " " + suite, children(backend, suite, suite, test, afterEach));
  }

  private List<DynamicNode> children(
      String backend, String suite, String parent, junit.framework.Test test, Runnable afterEach) {
    List<DynamicNode> nodes = new ArrayList<>();
    if (test instanceof TestSuite s) {
      String name = s.getName() == null || s.getName().isEmpty() ? parent : s.getName();
      for (junit.framework.Test child : Collections.list(s.tests())) {
        if (child instanceof TestSuite inner) {
          String innerName = inner.getName() == null ? name : inner.getName();
          nodes.add(
              DynamicContainer.dynamicContainer(
                  innerName, children(backend, suite, innerName, inner, afterEach)));
        } else {
          nodes.addAll(children(backend, suite, name, child, afterEach));
        }
      }
    } else if (test instanceof TestCase c) {
      // Guava names a case method[feature suite], under a suite named after the tester class
      Matcher guava = GUAVA_NAME.matcher(c.getName());
      String leaf = guava.matches() ? guava.group(2) : parent;
      String method = guava.matches() ? guava.group(1) : c.getName();
      String id =
          backend
              + "/"
              + suite
              + "/"
              + leaf
              + "/"
              + (c instanceof ContractCase.Adapter a ? a.caseClass() : c.getClass().getSimpleName())
              + "."
              + method;
      nodes.add(
          DynamicTest.dynamicTest(
              id,
              () -> {
                try {
                  run(backend, suite, id, c);
                } finally {
                  afterEach.run();
                }
              }));
    } else {
      throw new IllegalArgumentException("not a TestSuite or TestCase: " + test.getClass());
    }
    return nodes;
  }

  private void run(String backend, String suite, String id, TestCase c) {
    if (!seen.add(id)) {
      fail("two tests have the id " + id + ": the suite must name them apart");
    }
    var notApplicable = expectations.notApplicable(id);
    if (notApplicable.isPresent()) {
      tally.add(backend, suite, Outcome.NOT_APPLICABLE);
      Assumptions.abort("not applicable: " + notApplicable.get());
    }
    Throwable failure = runBare(c);
    var known = expectations.knownFailure(id);
    if (known.isPresent()) {
      if (failure == null && known.get().startsWith(INTERMITTENT)) {
        tally.add(backend, suite, Outcome.PASSED); // listed as intermittent: passing is allowed
        return;
      }
      if (failure == null) {
        tally.add(backend, suite, Outcome.FIXED);
        fail("fixed: remove it from the list " + expectations.knownFailuresFile() + ": " + id);
      }
      tally.add(backend, suite, Outcome.KNOWN_FAILING);
      failures.put(id, known.get());
      Assumptions.abort("known failure (" + known.get() + "): " + failure);
    }
    if (failure == null) {
      tally.add(backend, suite, Outcome.PASSED);
      return;
    }
    tally.add(backend, suite, Outcome.FAILED);
    failures.put(id, "NEW " + firstLine(failure));
    throw new AssertionFailedError(
        id
            + " failed and is not in the known-failure list "
            + expectations.knownFailuresFile()
            + ": "
            + failure,
        failure);
  }

  /**
   * Runs a case on the run's case thread, one case after another on the same thread, because a
   * manager proxy opens a connection per calling thread. A case that hangs past {@link
   * #CASE_LIMIT} is interrupted and abandoned with its thread, and the next case gets a new one.
   */
  private Throwable runBare(TestCase c) {
    ExecutorService runner = caseThread();
    Future<Throwable> outcome =
        runner.submit(
            () -> {
              Thread.currentThread().setName("conformance " + c.getName());
              try {
                c.runBare();
                return null;
              } catch (Throwable t) {
                return t;
              } finally {
                Thread.interrupted(); // a case's stray interrupt must not reach the next case
              }
            });
    try {
      return outcome.get(CASE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      AssertionError hung =
          new AssertionError(
              "did not finish within "
                  + CASE_LIMIT.toSeconds()
                  + " s (interrupted and abandoned with its thread); it was at:");
      hung.setStackTrace(caseThread.getStackTrace());
      synchronized (this) {
        caseRunner = null;
      }
      runner.shutdownNow();
      return hung;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  private ExecutorService caseRunner;
  private Thread caseThread;

  private synchronized ExecutorService caseThread() {
    if (caseRunner == null) {
      caseRunner =
          Executors.newSingleThreadExecutor(
              r -> {
                caseThread = Thread.ofPlatform().daemon().unstarted(r);
                return caseThread;
              });
    }
    return caseRunner;
  }

  private static String firstLine(Throwable t) {
    String text = t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  /**
   * Prints the counts, writes the observed failures to {@code target/conformance/}, and fails if
   * the known-failure list names tests of the suites that ran which no longer exist.
   */
  public void finish() {
    synchronized (this) {
      if (caseRunner != null) {
        caseRunner.shutdownNow();
        caseRunner = null;
      }
    }
    if (tally.isEmpty()) {
      return;
    }
    List<String> table = tally.table("conformance: " + title);
    table.forEach(System.out::println);
    Tally.write(listName + "-summary.txt", table, true);
    Tally.write(
        title + "-failures.txt",
        failures.entrySet().stream().map(e -> e.getKey() + " | " + e.getValue()).toList(),
        false);
    List<String> stale =
        expectations.knownFailures().keySet().stream()
            .filter(id -> suitesRun.stream().anyMatch(id::startsWith))
            .filter(id -> !seen.contains(id))
            .toList();
    if (!stale.isEmpty()) {
      fail(
          "listed in "
              + expectations.knownFailuresFile()
              + " but no such test ran (remove "
              + "them): "
              + stale.stream().collect(Collectors.joining("\n  ", "\n  ", "")));
    }
  }
}
