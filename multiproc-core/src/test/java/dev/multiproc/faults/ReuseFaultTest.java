package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.testing.NoLeaksExtension;
import dev.multiproc.testing.ProcessCensus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers a closed pool keeps for reuse end with their caller, however it ends.
 *
 * <table>
 *   <caption>Cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected</th></tr>
 *   <tr><td>caller killed</td><td>a caller with two kept workers gets SIGKILL</td>
 *       <td>both gone within 1 s</td></tr>
 *   <tr><td>caller exits</td><td>a caller with two kept workers returns from main</td>
 *       <td>both gone once it exited</td></tr>
 * </table>
 */
@ExtendWith(NoLeaksExtension.class)
class ReuseFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Orphaned workers exit within 1 s. */
  private static final Duration ORPHAN = Duration.ofSeconds(1);

  private static final List<String> NO_SPARES = List.of("-Dmultiproc.spares=0");

  @TempDir Path tmp;

  private static List<Long> kept(CallerJvm caller) throws InterruptedException {
    caller.awaitLine("ready", WAIT);
    List<Long> pids = caller.values("kept").stream().map(Long::parseLong).toList();
    assertFalse(pids.isEmpty(), () -> "the caller kept no workers: " + caller.stdout());
    assertTrue(
        pids.stream().allMatch(dev.multiproc.testing.ProcessStates::running), pids::toString);
    return pids;
  }

  @Test
  void callerKilled_endsItsKeptWorkers() throws Exception {
    try (CallerJvm caller = CallerJvm.start(tmp, NO_SPARES, "kept", "wait")) {
      List<Long> pids = kept(caller);
      caller.kill();
      assertTrue(
          ProcessCensus.awaitAllGone(pids, ORPHAN),
          () ->
              "kept workers of a killed caller still run: " + ProcessCensus.describeRunning(pids));
    }
  }

  @Test
  void callerExits_endsItsKeptWorkers() throws Exception {
    try (CallerJvm caller = CallerJvm.start(tmp, NO_SPARES, "kept", "exit")) {
      List<Long> pids = kept(caller);
      caller.tell("exit");
      assertTrue(
          caller.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the caller did not exit");
      assertTrue(
          ProcessCensus.awaitAllGone(pids, WAIT),
          () ->
              "kept workers of a caller that exited still run: "
                  + ProcessCensus.describeRunning(pids));
    }
  }
}
