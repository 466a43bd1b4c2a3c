package dev.multiproc.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Test support: "machines" made of Linux network namespaces on one bridge, each joined to it by a
 * veth pair with a private address, so that a link can be cut for real ({@code ip link set ...
 * down} on the machine's bridge port) and restored. Needs root and {@code ip}.
 *
 * <p>Every name starts with {@link #PREFIX} and a random run id, so that a run never meets the
 * leftovers of another; {@link #removeLeftovers()} removes those of runs that crashed. Used by
 * the cluster's partition tests and by the command line's run of the documented three-host
 * deployment.
 */
public final class NetNamespaces {
  /** The prefix of every namespace and link this class makes. */
  public static final String PREFIX = "mpp";

  private final String run;
  private final String bridge;
  private final String subnet;

  /** Machine name to its address. */
  private final Map<String, String> hosts = new LinkedHashMap<>();

  private NetNamespaces(String run, String subnet) {
    this.run = run;
    this.bridge = PREFIX + run + "br";
    this.subnet = subnet;
  }

  /** Why namespaces cannot be made here, or null if they can. */
  public static String unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "needs root to make network namespaces (runs as "
          + System.getProperty("user.name")
          + ")";
    }
    try {
      String probe = PREFIX + "probe" + ProcessHandle.current().pid();
      run("ip", "netns", "add", probe);
      run("ip", "netns", "del", probe);
      return null;
    } catch (IOException | RuntimeException e) {
      return "cannot make network namespaces with ip netns: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Makes the bridge of a new run. */
  public static NetNamespaces create() throws IOException, InterruptedException {
    removeLeftovers();
    String id = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    var net = new NetNamespaces(id, "10.213." + ThreadLocalRandom.current().nextInt(1, 255));
    run("ip", "link", "add", net.bridge, "type", "bridge");
    run("ip", "link", "set", net.bridge, "up");
    return net;
  }

  /** Deletes every namespace and link named with {@link #PREFIX}, and what runs in them. */
  public static void removeLeftovers() throws IOException, InterruptedException {
    for (String line : output("ip", "netns", "list").split("\n")) {
      String ns = line.split(" ")[0];
      if (ns.startsWith(PREFIX + "-")) {
        deleteNamespace(ns);
      }
    }
    for (String line : output("ip", "-o", "link", "show").split("\n")) {
      String[] parts = line.split(": ");
      if (parts.length > 1) {
        String link = parts[1].split("@")[0];
        if (link.startsWith(PREFIX)) {
          quietly("ip", "link", "del", link);
        }
      }
    }
  }

  private static void deleteNamespace(String ns) throws IOException, InterruptedException {
    for (String pid : output("ip", "netns", "pids", ns).split("\n")) {
      if (!pid.isBlank()) {
        ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    quietly("ip", "netns", "del", ns);
  }

  /** Adds machine {@code name} (a namespace on the bridge); returns its address. */
  public String addHost(String name) throws IOException, InterruptedException {
    String ns = namespace(name);
    String address = subnet + "." + (hosts.size() + 1);
    String outside = PREFIX + run + name;
    run("ip", "netns", "add", ns);
    hosts.put(name, address);
    run("ip", "link", "add", outside, "type", "veth", "peer", "name", outside + "i");
    run("ip", "link", "set", outside + "i", "netns", ns);
    run("ip", "link", "set", outside, "master", bridge);
    run("ip", "link", "set", outside, "up");
    run("ip", "netns", "exec", ns, "ip", "addr", "add", address + "/24", "dev", outside + "i");
    run("ip", "netns", "exec", ns, "ip", "link", "set", outside + "i", "up");
    run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
    return address;
  }

  /** The command prefix that runs a program on machine {@code name}. */
  public List<String> on(String name) {
    return List.of("ip", "netns", "exec", namespace(name));
  }

  /** Cuts machine {@code name} off the bridge: its port goes down. */
  public void cut(String name) throws IOException, InterruptedException {
    run("ip", "link", "set", PREFIX + run + name, "down");
  }

  /** Joins machine {@code name} to the bridge again. */
  public void restore(String name) throws IOException, InterruptedException {
    run("ip", "link", "set", PREFIX + run + name, "up");
  }

  private String namespace(String name) {
    return PREFIX + "-" + run + "-" + name;
  }

  /** Ends what runs in the namespaces, deletes them (their veth pairs go too) and the bridge. */
  public void close() throws IOException, InterruptedException {
    for (String name : hosts.keySet()) {
      deleteNamespace(namespace(name));
      quietly("ip", "link", "del", PREFIX + run + name);
    }
    quietly("ip", "link", "del", bridge);
  }

  /**
   * The namespaces and links of this run that exist now: none after {@link #close()}.
   *
   * @return their names
   */
  public List<String> remaining() throws IOException, InterruptedException {
    List<String> left = new ArrayList<>();
    for (String line : output("ip", "netns", "list").split("\n")) {
      String ns = line.split(" ")[0];
      if (ns.startsWith(PREFIX + "-" + run + "-")) {
        left.add(ns);
      }
    }
    for (String line : output("ip", "-o", "link", "show").split("\n")) {
      String[] parts = line.split(": ");
      if (parts.length > 1 && parts[1].split("@")[0].startsWith(PREFIX + run)) {
        left.add(parts[1].split("@")[0]);
      }
    }
    return left;
  }

  private static void run(String... command) throws IOException, InterruptedException {
    output(command);
  }

  private static void quietly(String... command) throws InterruptedException {
    try {
      output(command);
    } catch (IOException | RuntimeException e) {
      // already gone
    }
  }

  private static String output(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not end within 30 s");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + out.strip());
    }
    return out;
  }
}
