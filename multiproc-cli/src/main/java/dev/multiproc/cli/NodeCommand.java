package dev.multiproc.cli;

import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code multiproc node}: starts a cluster member that serves work, running the tasks it is sent
 * in its own local worker JVMs, until it is stopped (Ctrl-C or SIGTERM: it leaves the cluster and
 * stops its workers). See {@code docs/cluster.md}.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Starts a cluster member that runs pool tasks in its own worker JVMs.",
      "Runs until stopped (Ctrl-C). Every member needs the user's jars on its class path."
    })
public final class NodeCommand implements Callable<Integer> {

  @Option(names = "--cluster", paramLabel = "NAME", defaultValue = "multiproc",
      description = "The cluster's name (default: ${DEFAULT-VALUE}).")
  private String cluster = "multiproc";

  @Option(names = "--members", paramLabel = "HOST:PORT", split = ",",
      description = "Addresses of the cluster's members, comma-separated.")
  private List<String> members = new ArrayList<>();

  @Option(names = "--port", paramLabel = "N", defaultValue = "5701",
      description = "The port this member listens on (default: ${DEFAULT-VALUE}).")
  private int port = ClusterConfig.DEFAULT_PORT;

  @Option(names = "--host", paramLabel = "ADDRESS",
      description = "The address this member binds to and announces (default: Hazelcast picks).")
  private String host;

  @Option(names = "--workers", paramLabel = "N",
      description = "Worker JVMs that run tasks (default: one per processor).")
  private int workers = Runtime.getRuntime().availableProcessors();

  private PrintStream out = System.out;

  @Spec private @Nullable CommandSpec spec;

  /** Creates the command. */
  public NodeCommand() {}

  /** Returns the member's config, from the options. */
  ClusterConfig config() {
    ClusterConfig.Builder b = ClusterConfig.builder()
        .clusterName(cluster)
        .members(members)
        .port(port)
        .workers(workers)
        .role(ClusterConfig.Role.MEMBER);
    if (host != null) {
      b.host(host);
    }
    return b.build();
  }

  /**
   * Starts the member and serves until the JVM is asked to stop.
   *
   * @return 0 once stopped
   * @throws InterruptedException if interrupted while serving
   */
  @Override
  public Integer call() throws InterruptedException {
    var stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "multiproc-node-stop"));
    return serve(stop);
  }

  /** Starts the member, serves until {@code stop} opens, then leaves the cluster. */
  int serve(CountDownLatch stop) throws InterruptedException {
    ClusterConfig config;
    try {
      config = config();
    } catch (IllegalArgumentException e) {
      // a value picocli could read but the cluster cannot use (--port=-1): a usage error
      if (spec == null) {
        throw e;
      }
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    try (ClusterContext context = Cluster.context(config)) {
      out.println("member " + context.address() + " of cluster " + config.clusterName()
          + " serving with " + config.workers() + " workers (" + context.memberCount()
          + " members now); Ctrl-C to stop");
      out.flush();
      stop.await();
    }
    return 0;
  }

  /** Prints to {@code out} instead of {@link System#out}. */
  NodeCommand printTo(PrintStream out) {
    this.out = out;
    return this;
  }
}
