package dev.multiproc.cluster;

import java.util.ServiceLoader;

/**
 * The entry to the cluster backend: {@code Cluster.context(config)} is to a cluster what {@code
 * Multiprocessing.local()} is to one machine.
 *
 * <pre>{@code
 * try (ClusterContext cluster = Cluster.context(config);
 *     Pool pool = cluster.pool()) {
 *   List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 */
public final class Cluster {
  /**
   * Makes cluster contexts: the cluster module's own, found as a service (declared in its {@code
   * module-info} and {@code META-INF/services}). Applications do not use it.
   */
  public interface Provider {
    /**
     * Joins the cluster as {@code config} says.
     *
     * @param config the cluster and this JVM's role in it
     * @return the context
     */
    ClusterContext context(ClusterConfig config);
  }

  /** The provider, found once. */
  private static final class Found {
    static final Provider PROVIDER =
        ServiceLoader.load(Provider.class, Cluster.class.getClassLoader())
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no "
                            + Provider.class.getName()
                            + " is provided: the cluster module's META-INF/services or"
                            + " module-info is missing"));
  }

  private Cluster() {}

  /**
   * Joins the cluster as {@code config} says: starts an embedded member (which runs tasks when
   * {@link ClusterConfig#workers()} is above 0) or connects as a client. Returns once joined.
   *
   * @param config the cluster and this JVM's role in it
   * @return the context; close it to leave the cluster
   * @throws IllegalStateException if the member cannot start or the client finds no member within
   *     30 seconds
   */
  public static ClusterContext context(ClusterConfig config) {
    return Found.PROVIDER.context(config);
  }
}
