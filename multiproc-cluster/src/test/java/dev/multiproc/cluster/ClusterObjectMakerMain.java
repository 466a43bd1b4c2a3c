package dev.multiproc.cluster;

import dev.multiproc.cluster.internal.HzQueue;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.shared.SharedInt;
import java.util.Map;

/**
 * Test support, run in its own JVM: joins a cluster as a client, makes a queue (with an item in
 * it), a shared int and a manager dict there, prints {@code MADE <queue's name>} and waits to be
 * killed. Arguments: cluster name, a member address.
 */
final class ClusterObjectMakerMain {
  private ClusterObjectMakerMain() {}

  public static void main(String[] args) throws Exception {
    ClusterContext ctx =
        Cluster.context(
            ClusterConfig.builder()
                .clusterName(args[0])
                .members(args[1])
                .role(ClusterConfig.Role.CLIENT)
                .build());
    MpQueue<String> queue = ctx.queue();
    queue.put("left behind?");
    SharedInt value = ctx.sharedInt(7);
    Map<String, Integer> dict = ctx.manager().dict();
    dict.put("a", 1);
    System.out.println("MADE " + ((HzQueue<String>) queue).name() + " " + value);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
