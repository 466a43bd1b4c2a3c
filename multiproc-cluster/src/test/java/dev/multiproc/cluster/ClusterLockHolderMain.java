package dev.multiproc.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.internal.HzLock;

/**
 * Test support, run in its own JVM: joins a cluster as a member, takes the lock of map {@code
 * args[3]} (as {@link HzLock} does), prints {@code LOCKED} and waits to be killed. Arguments:
 * cluster name, a member address to join, this member's port, the lock's map name.
 */
final class ClusterLockHolderMain {
  private ClusterLockHolderMain() {}

  public static void main(String[] args) throws Exception {
    ClusterConfig.Builder b =
        ClusterConfig.builder()
            .clusterName(args[0])
            .members(args[1])
            .host("127.0.0.1")
            .port(Integer.parseInt(args[2]));
    ClusterObjectsTest.DETECTION.forEach(b::property);
    ClusterContext ctx = Cluster.context(b.build());
    HazelcastInstance hz = ctx.hazelcast();
    hz.getMap(args[3]).lock(HzLock.KEY);
    System.out.println("LOCKED");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
