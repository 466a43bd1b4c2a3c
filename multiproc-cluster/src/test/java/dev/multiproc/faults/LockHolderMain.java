package dev.multiproc.faults;

import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.sync.MpLock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A client JVM that makes a cluster lock and takes it. Prints "HELD lockName token" (the token
 * is -1 when the lock has none); on "UNLOCK" it releases it and prints "UNLOCKED", or "LOST
 * SomeException: message" if the release throws.
 *
 * <p>Arguments: the cluster's name, a member's address.
 */
public final class LockHolderMain {
  private LockHolderMain() {}

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
      MpLock lock = cluster.lock();
      lock.lock();
      String name = lock.toString().replaceAll(".*\\[cluster ([^\\],]+).*", "$1");
      System.out.println("HELD " + name + " " + FaultLocks.token(lock));
      System.out.flush();
      var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("UNLOCK")) {
          try {
            lock.unlock();
            System.out.println("UNLOCKED");
          } catch (RuntimeException e) {
            System.out.println("LOST " + e.getClass().getSimpleName() + ": " + e.getMessage());
          }
          System.out.flush();
        }
      }
    }
  }
}
