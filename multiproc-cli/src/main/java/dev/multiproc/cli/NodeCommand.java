package dev.multiproc.cli;

import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
      "Runs until stopped (Ctrl-C). Every member needs the user's jars on its class path:",
      "start it with the multiproc launcher's --classpath option."
    })
public final class NodeCommand implements Callable<Integer> {

  @Option(
      names = "--cluster",
      paramLabel = "NAME",
      defaultValue = "multiproc",
      description = "The cluster's name (default: ${DEFAULT-VALUE}).")
  private String cluster = "multiproc";

  @Option(
      names = "--members",
      paramLabel = "HOST:PORT",
      split = ",",
      description = "Addresses of the cluster's members, comma-separated.")
  private List<String> members = new ArrayList<>();

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "5701",
      description = "The port this member listens on (default: ${DEFAULT-VALUE}).")
  private int port = ClusterConfig.DEFAULT_PORT;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description =
          "The address this member binds to and announces (default: this machine's"
              + " address among --members; loopback if all of them are loopback).")
  private @Nullable String host;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Worker JVMs that run tasks (default: one per processor).")
  private int workers = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description =
          "The cluster key (at least 16 bytes): the member runs only tasks signed with"
              + " it, and only members and clients with it join. Give all the same key.")
  private @Nullable Path keyFile;

  @Option(
      names = "--failure-timeout",
      paramLabel = "SECONDS",
      description = "How long a silent member or client is taken for gone (Hazelcast: 60).")
  private @Nullable Long failureTimeout;

  @Option(
      names = "--merge-delay",
      paramLabel = "SECONDS",
      description =
          "How soon the sides of a split cluster look for each other again"
              + " (Hazelcast: 300, then every 120).")
  private @Nullable Long mergeDelay;

  @Option(
      names = "--multicast",
      description = "Also find members by multicast, on a network that carries it.")
  private boolean multicast;

  @Option(
      names = "--hazelcast-config",
      paramLabel = "FILE",
      description =
          "A Hazelcast member config (YAML or XML) to start from, for example for"
              + " Kubernetes discovery; its join settings are kept when --members is not given.")
  private @Nullable Path hazelcastConfig;

  @Option(
      names = "--property",
      paramLabel = "NAME=VALUE",
      description =
          "A Hazelcast or multiproc property, such as"
              + " multiproc.cluster.lock.quorum=2; may be repeated.")
  private Map<String, String> properties = new LinkedHashMap<>();

  @Option(
      names = "--run-only",
      paramLabel = "PATTERN",
      split = ",",
      description =
          "Run only tasks of these classes (such as com.example.**), besides the JDK's"
              + " value types and the library's; others fail, and nothing of them is built.")
  private List<String> runOnly = new ArrayList<>();

  @Option(
      names = "--no-code-shipping",
      description =
          "Run only classes on this member's class path; by default a class the"
              + " member lacks is loaded from the caller that sent the task.")
  private boolean noCodeShipping;

  @Option(
      names = "--classpath",
      paramLabel = "PATH",
      description =
          "Your application's jars, which the member's workers run tasks from. Read by"
              + " the multiproc launcher script, which puts them on the class path; checked here.")
  private @Nullable String classpath;

  private PrintStream out = System.out;

  @Spec private @Nullable CommandSpec spec;

  /** Creates the command. */
  public NodeCommand() {}

  /** Returns the member's config, from the options. */
  ClusterConfig config() {
    ClusterConfig.Builder b =
        ClusterConfig.builder()
            .clusterName(cluster)
            .members(members)
            .port(port)
            .workers(workers)
            .role(ClusterConfig.Role.MEMBER);
    if (host != null) {
      b.host(host);
    }
    if (keyFile != null) {
      b.keyFile(keyFile);
    }
    if (failureTimeout != null) {
      b.failureTimeout(Duration.ofSeconds(failureTimeout));
    }
    if (mergeDelay != null) {
      b.mergeDelay(Duration.ofSeconds(mergeDelay));
    }
    if (hazelcastConfig != null) {
      b.hazelcastConfig(hazelcastConfig);
    }
    properties.forEach(b::property);
    b.runOnly(runOnly.toArray(String[]::new)).shipCode(!noCodeShipping);
    checkClassPath();
    return b.multicast(multicast).build();
  }

  /**
   * Checks that each {@code --classpath} entry is on this JVM's class path, where the launcher
   * script puts it: a member started without them would fail every task of those classes.
   */
  private void checkClassPath() {
    if (classpath == null) {
      return;
    }
    List<String> have =
        Arrays.asList(System.getProperty("java.class.path", "").split(File.pathSeparator));
    for (String entry : classpath.split(File.pathSeparator)) {
      boolean found =
          entry.endsWith("*")
              ? have.stream().anyMatch(h -> h.startsWith(entry.substring(0, entry.length() - 1)))
              : have.contains(entry);
      if (!entry.isBlank() && !found) {
        throw new IllegalArgumentException(
            "--classpath entry "
                + entry
                + " is not on this JVM's"
                + " class path: start the member with the multiproc launcher script (multiproc"
                + " --classpath "
                + classpath
                + " node ...), or as java -cp multiproc-cli.jar"
                + File.pathSeparator
                + classpath
                + " dev.multiproc.cli.Main node ...");
      }
    }
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
      out.println(
          "member "
              + context.address()
              + " of cluster "
              + config.clusterName()
              + " serving with "
              + config.workers()
              + " workers ("
              + context.memberCount()
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
