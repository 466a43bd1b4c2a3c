package dev.multiproc.cluster.internal;

import dev.multiproc.cluster.Cluster;
import dev.multiproc.cluster.ClusterConfig;
import dev.multiproc.cluster.ClusterContext;

/**
 * The cluster module's {@link Cluster.Provider}: a {@link HzContext}. Declared in {@code
 * module-info} and {@code META-INF/services}.
 */
public final class HzContextProvider implements Cluster.Provider {
  /** Makes the provider; {@link java.util.ServiceLoader} does, when {@code Cluster} is used. */
  public HzContextProvider() {}

  @Override
  public ClusterContext context(ClusterConfig config) {
    return new HzContext(config);
  }
}
