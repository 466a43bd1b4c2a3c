package dev.multiproc.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster process whose caller and member lose each other: one member in a JVM of its own (one
 * worker; it drops a silent client after 4 s), a caller in a client JVM of its own, suspended
 * with SIGSTOP, which to the member looks as a caller cut off from the network does.
 *
 * <table>
 *   <caption>Cases</caption>
 *   <tr><th>case</th><th>what is done</th><th>expected outcome</th></tr>
 *   <tr><td>caller and member cut apart</td><td>a caller runs a long process on the member,
 *       and is suspended until the member dropped it, then resumed</td><td>the member ends the
 *       process (its worker JVM is killed); the caller reports it ended, killed (-9), not
 *       exited with code 1 and not running on unseen</td></tr>
 * </table>
 */
@Timeout(180)
class ClusterProcessFaultTest {
  private static MemberJvms cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster =
        MemberJvms.start(
            ClusterProcessFaultTest.class,
            1,
            1,
            List.of(
                "-Dhazelcast.client.max.no.heartbeat.seconds=4",
                "-Dhazelcast.client.cleanup.period.millis=500",
                "-Dhazelcast.client.cleanup.timeout.millis=1000"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aMemberEndsTheProcessesOfACallerItLost(@TempDir Path dir) throws Exception {
    Process caller = cluster.startJvm(ProcessStarterMain.class, List.of(), List.of(dir.toString()));
    try {
      var out =
          new BufferedReader(
              new InputStreamReader(caller.getInputStream(), StandardCharsets.UTF_8));
      Path pidFile = dir.resolve("worker-pid");
      MemberJvms.await(
          () -> Files.exists(pidFile) && pidFile.toFile().length() > 0,
          90,
          "the process did not start on the member");
      long workerPid = Long.parseLong(Files.readString(pidFile).strip());
      ProcessHandle worker = ProcessHandle.of(workerPid).orElseThrow();

      MemberJvms.signal(caller.pid(), "STOP");
      try {
        MemberJvms.await(
            () -> !worker.isAlive(),
            60,
            "the process runs on though the member lost its caller (worker " + workerPid + ")");
      } finally {
        MemberJvms.signal(caller.pid(), "CONT");
      }
      var in = new PrintWriter(caller.getOutputStream(), true, StandardCharsets.UTF_8);
      in.println("STATUS");
      String status =
          CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      for (String l = out.readLine(); l != null; l = out.readLine()) {
                        if (l.startsWith("ALIVE ")) {
                          return l;
                        }
                      }
                      return null;
                    } catch (java.io.IOException e) {
                      return "read failed: " + e;
                    }
                  })
              .get(90, TimeUnit.SECONDS);
      assertEquals(
          "ALIVE false EXIT OptionalInt[-9]", status, "the caller reports the process killed");
    } finally {
      caller.destroyForcibly();
      assertTrue(caller.waitFor(30, TimeUnit.SECONDS), "no caller JVM left");
    }
  }
}
