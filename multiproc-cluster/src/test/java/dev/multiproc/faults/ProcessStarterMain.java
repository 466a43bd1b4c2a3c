package dev.multiproc.faults;

import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.process.ChildProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A client JVM that starts a cluster process running {@link FaultTasks#runLong} and prints
 * "STARTED"; on "STATUS" it prints "ALIVE isAlive EXIT exitCode".
 *
 * <p>Arguments: the cluster's name, a member's address, the directory for the process.
 */
public final class ProcessStarterMain {
  private ProcessStarterMain() {}

  public static void main(String[] args) throws Exception {
    ClusterConfig config =
        ClusterConfig.builder()
            .clusterName(args[0])
            .members(args[1])
            .role(ClusterConfig.Role.CLIENT)
            .property("hazelcast.client.heartbeat.interval", "1000")
            .property("hazelcast.client.heartbeat.timeout", "5000")
            .build();
    try (ClusterContext cluster = Cluster.context(config)) {
      ChildProcess p = cluster.process(FaultTasks::runLong, args[2]);
      p.start();
      System.out.println("STARTED");
      System.out.flush();
      var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("STATUS")) {
          p.join(java.time.Duration.ofSeconds(30));
          System.out.println("ALIVE " + p.isAlive() + " EXIT " + p.exitCode());
          System.out.flush();
        }
      }
    }
  }
}
