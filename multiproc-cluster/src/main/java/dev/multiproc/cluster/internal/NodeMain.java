package dev.multiproc.cluster.internal;

import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * A member that serves work, started from a plain {@code java} command line: what tests and
 * scripts run when they need a member in its own JVM (the {@code multiproc node} command is the
 * user's way).
 *
 * <pre>
 *   java -cp ... dev.multiproc.cluster.internal.NodeMain --cluster NAME --members h:p,h:p
 *       --port N --workers N [--host H] [--key-file F] [--run-only P,P] [--property name=value]...
 *       [--stdin-lifeline]
 * </pre>
 *
 * <p>It prints {@code READY host:port} on standard output once it has joined, and runs until it
 * is killed or, with {@code --stdin-lifeline}, until its standard input ends (so a test that
 * dies takes its members with it).
 */
public final class NodeMain {
  private NodeMain() {}

  /**
   * Starts the member.
   *
   * @param args the options above
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws InterruptedException {
    ClusterConfig.Builder b = ClusterConfig.builder().role(ClusterConfig.Role.MEMBER);
    boolean lifeline = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--cluster" -> b.clusterName(args[++i]);
        case "--members" -> b.members(Arrays.asList(args[++i].split(",")));
        case "--port" -> b.port(Integer.parseInt(args[++i]));
        case "--workers" -> b.workers(Integer.parseInt(args[++i]));
        case "--host" -> b.host(args[++i]);
        case "--key-file" -> b.keyFile(Path.of(args[++i]));
        case "--run-only" -> b.runOnly(args[++i].split(","));
        case "--no-code-shipping" -> b.shipCode(false);
        case "--property" -> {
          String[] kv = args[++i].split("=", 2);
          b.property(kv[0], kv[1]);
        }
        case "--stdin-lifeline" -> lifeline = true;
        default -> throw new IllegalArgumentException("unknown option: " + args[i]);
      }
    }
    ClusterContext context = Cluster.context(b.build());
    var done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(context::close, "multiproc-node-shutdown"));
    System.out.println("READY " + context.address());
    System.out.flush();
    if (lifeline) {
      Thread.ofPlatform()
          .daemon()
          .name("multiproc-node-lifeline")
          .start(
              () -> {
                try (InputStream in = System.in) {
                  while (in.read() >= 0) {
                    // wait for the end
                  }
                } catch (IOException e) {
                  // ended all the same
                }
                done.countDown();
              });
    }
    done.await();
    context.close();
    System.exit(0);
  }
}
