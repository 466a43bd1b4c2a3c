package com.example.clusterapp;

import com.example.app.App;
import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import dev.multiproc.pool.Pool;
import dev.multiproc.sync.MpLock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

/**
 * The application's work ({@link App#run}) on a cluster of one member embedded in this JVM, with
 * worker JVMs of its own, and a cluster lock that a task in a worker finds held and then free.
 * It prints the application's {@code RESULT} line and exits 0, or throws (exit 1).
 */
public final class ClusterApp {
  private ClusterApp() {}

  /**
   * Runs the application on a one-member cluster.
   *
   * @param args ignored
   * @throws Exception if the work fails
   */
  public static void main(String[] args) throws Exception {
    int port = freePort();
    ClusterConfig config =
        ClusterConfig.builder()
            .clusterName("deployments-" + ProcessHandle.current().pid())
            .host("127.0.0.1")
            .port(port)
            .members("127.0.0.1:" + port)
            .workers(2)
            .build();
    String line;
    try (ClusterContext cluster = Cluster.context(config)) {
      line = App.run(cluster);
      checkLock(cluster);
    }
    System.out.println(line);
  }

  /** A task in a worker cannot take the lock this JVM holds, and takes it once it is released. */
  private static void checkLock(ClusterContext cluster) throws InterruptedException {
    MpLock lock = cluster.lock();
    try (Pool pool = cluster.pool(1)) {
      lock.acquire();
      boolean whileHeld;
      try {
        whileHeld = pool.apply(ClusterApp::tryOnce, lock);
      } finally {
        lock.release();
      }
      boolean afterRelease = pool.apply(ClusterApp::tryOnce, lock);
      if (whileHeld || !afterRelease) {
        throw new IllegalStateException(
            "the cluster lock: a worker took it while held: "
                + whileHeld
                + "; took it once released: "
                + afterRelease);
      }
    }
  }

  /** Takes the lock if it is free within a short wait, and releases it again. */
  private static boolean tryOnce(MpLock lock) throws InterruptedException {
    if (!lock.acquire(Duration.ofMillis(200))) {
      return false;
    }
    lock.release();
    return true;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
