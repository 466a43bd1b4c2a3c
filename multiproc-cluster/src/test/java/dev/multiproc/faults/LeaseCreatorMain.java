package dev.multiproc.faults;

import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.shared.SharedInt;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A JVM that makes cluster objects as a client and reports on them: a queue of 100 items, a
 * shared int of 12345 and a dict {k=v}. Prints "MADE queueName", then for each "CHECK" line on
 * its input one line per object: "QUEUE ok 100", or "QUEUE lost SomeException: message".
 *
 * <p>Arguments: the cluster's name, a member's address.
 */
public final class LeaseCreatorMain {
  private LeaseCreatorMain() {}

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
      MpQueue<Integer> queue = cluster.queue();
      for (int i = 0; i < 100; i++) {
        queue.put(i);
      }
      SharedInt value = cluster.sharedInt(12345, false);
      Map<String, String> dict = cluster.manager().dict();
      dict.put("k", "v");
      System.out.println("MADE " + queue);
      System.out.flush();
      var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("CHECK")) {
          report("QUEUE", queue::qsize);
          report("INT", value::get);
          report("DICT", dict::toString);
          System.out.println("END");
          System.out.flush();
        }
      }
    }
  }

  private static void report(String what, Supplier<Object> read) {
    try {
      System.out.println(what + " ok " + read.get());
    } catch (RuntimeException e) {
      System.out.println(what + " lost " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
