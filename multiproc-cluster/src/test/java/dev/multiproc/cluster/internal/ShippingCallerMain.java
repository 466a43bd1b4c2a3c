package dev.multiproc.cluster.internal;

import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.pool.Pool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Test support: a caller in a JVM of its own, a client of the member named by its arguments
 * (cluster name, address), that runs one task of the class its third argument names (a class the
 * member lacks: its static {@code task()} returns the function), prints {@code uuid <its
 * Hazelcast UUID>} and {@code ran <result>}, runs it again and prints its result for each line of
 * its input, and leaves the cluster when its input ends.
 */
public final class ShippingCallerMain {
  private ShippingCallerMain() {}

  /**
   * Runs the caller.
   *
   * @param args the cluster's name, the member's address, the task's class
   * @throws Exception if the task fails
   */
  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    ClusterConfig config =
        ClusterConfig.builder()
            .clusterName(args[0])
            .members(args[1])
            .role(ClusterConfig.Role.CLIENT)
            .build();
    try (ClusterContext client = Cluster.context(config);
        Pool pool = client.pool(1)) {
      var task =
          (SerializableFunction<Integer, ?>) Class.forName(args[2]).getMethod("task").invoke(null);
      System.out.println("uuid " + client.hazelcast().getLocalEndpoint().getUuid());
      System.out.println("ran " + pool.apply(task, 20));
      System.out.flush();
      var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (in.readLine() != null) { // the test closes our input when this caller is to leave
        System.out.println("ran " + pool.apply(task, 20));
        System.out.flush();
      }
    }
  }
}
