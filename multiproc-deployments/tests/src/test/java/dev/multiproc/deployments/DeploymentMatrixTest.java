package dev.multiproc.deployments;

import static org.junit.jupiter.api.Assertions.fail;

import dev.multiproc.testing.NoLeaksExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployment matrix: each test launches the application one way a Java application ships or
 * is run ({@link Deployment}), as a separate process, and checks that it printed the expected
 * line ({@link Deployment#EXPECTED}), exited 0, and left nothing behind (no process of the run,
 * grandchildren included, and no segment, socket or resource file of its family).
 *
 * <p>A deployment that fails today is listed in {@link KnownFailures#FILE} with how it fails; its
 * test is then reported as skipped with the failure, and fails if the deployment works or fails
 * otherwise. Whatever a failed run left behind is removed after it is recorded.
 */
@ExtendWith(NoLeaksExtension.class)
class DeploymentMatrixTest {
  /** How long a run's family may take to end after the application exits. */
  private static final Duration CLEANUP = Duration.ofSeconds(15);

  /** How many lines of a failed run's stderr its one-line failure shows. */
  private static final int EVIDENCE_LINES = 3;

  @Test
  void plainClassPath() throws Exception {
    check(Deployment.CLASS_PATH);
  }

  @Test
  void shadedJar() throws Exception {
    check(Deployment.SHADED_JAR);
  }

  @Test
  void springBootExecutableJar() throws Exception {
    check(Deployment.SPRING_BOOT_JAR);
  }

  @Test
  void isolatedClassLoader() throws Exception {
    check(Deployment.ISOLATED_CLASS_LOADER);
  }

  @Test
  void mavenExecJava() throws Exception {
    check(Deployment.MAVEN_EXEC_JAVA);
  }

  @Test
  void surefireInProcess() throws Exception {
    check(Deployment.SUREFIRE_IN_PROCESS);
  }

  @Test
  void surefireTestsPatchedIntoModule() throws Exception {
    check(Deployment.SUREFIRE_PATCH_MODULE);
  }

  @Test
  void modulePath() throws Exception {
    check(Deployment.MODULE_PATH);
  }

  @Test
  void modulePathCoreAndCluster() throws Exception {
    check(Deployment.MODULE_PATH_CLUSTER);
  }

  @Test
  void jshellScript() throws Exception {
    check(Deployment.JSHELL_SCRIPT);
  }

  @Test
  void jshellScriptLocalExecution() throws Exception {
    check(Deployment.JSHELL_LOCAL);
  }

  @Test
  void sourceLauncher() throws Exception {
    check(Deployment.SOURCE_LAUNCHER);
  }

  @Test
  void classPathOver128KiB() throws Exception {
    check(Deployment.LONG_CLASS_PATH);
  }

  private static void check(Deployment deployment) throws Exception {
    Run run = Run.create(deployment);
    try {
      RunCensus census = RunCensus.before(run.dir(), run.tmp());
      Launch launch = deployment.launch(run);
      Launch.Outcome outcome = launch.run(run.dir(), census);
      List<String> problems = new ArrayList<>();
      if (outcome.timedOut()) {
        problems.add("timed out after " + launch.timeout().toSeconds() + " s");
      } else if (outcome.exitCode() != 0) {
        problems.add("exit code " + outcome.exitCode());
      }
      if (!outcome.stdoutLines().contains(Deployment.EXPECTED)) {
        List<String> results =
            outcome.stdoutLines().stream().filter(l -> l.startsWith("RESULT")).toList();
        problems.add(results.isEmpty() ? "no RESULT line" : "wrong RESULT line: " + results);
      }
      List<String> left = census.awaitNothingLeft(CLEANUP);
      if (!left.isEmpty()) {
        problems.add("left behind: " + String.join(", ", left));
      }
      census.clean();
      System.out.printf(
          "deployment %s: %s, %d ms%n",
          deployment, problems.isEmpty() ? "works" : "fails", outcome.elapsed().toMillis());
      judge(deployment, launch, outcome, problems);
    } finally {
      deleteTree(run.dir());
    }
  }

  /** Passes, fails, or reports a listed failure as skipped: see the class comment. */
  private static void judge(
      Deployment deployment, Launch launch, Launch.Outcome outcome, List<String> problems) {
    String name = deployment + " (" + deployment.title() + ")";
    Optional<String> listed = KnownFailures.of(deployment);
    if (problems.isEmpty()) {
      if (listed.isPresent()) {
        fail(name + " works now: remove it from the list " + KnownFailures.FILE);
      }
      return;
    }
    String failure =
        String.join("; ", problems)
            + "; stderr: "
            + outcome.evidence().stream().limit(EVIDENCE_LINES).collect(Collectors.joining(" / "));
    String details =
        "\ncommand: "
            + String.join(" ", launch.command())
            + "\nstdout:\n"
            + outcome.stdout()
            + "\nstderr:\n"
            + outcome.stderr();
    if (listed.isEmpty()) {
      fail(name + " fails: " + failure + details);
    }
    String everything = failure + "\n" + outcome.stdout() + "\n" + outcome.stderr();
    if (!everything.contains(listed.get())) {
      fail(
          name
              + " fails otherwise than listed in "
              + KnownFailures.FILE
              + ": listed \""
              + listed.get()
              + "\", now: "
              + failure
              + details);
    }
    Assumptions.abort("known failure of " + name + ": " + failure);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
