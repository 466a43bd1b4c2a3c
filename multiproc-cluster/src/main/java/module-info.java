import org.jspecify.annotations.NullMarked;

/**
 * The cluster backend: the same pools, processes, queues and locks as {@code dev.multiproc},
 * across many machines, on an embedded Hazelcast.
 */
@NullMarked
// Hazelcast 5.7 ships as an automatic module (its manifest names it com.hazelcast.core); users get
// it transitively, as ClusterContext.hazelcast() returns its instance
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.multiproc.cluster {
  exports dev.multiproc.cluster;

  // Hazelcast makes the task members run (a DataSerializable) by reflection.
  opens dev.multiproc.cluster.internal to
      com.hazelcast.core;

  requires transitive dev.multiproc;
  requires transitive com.hazelcast.core;
  requires java.logging;
  // Hazelcast's own needs, which its jar (an automatic module) cannot declare
  requires java.management;
  requires java.sql;
  requires java.transaction.xa;
  requires jdk.unsupported;
  requires static org.jspecify;

  uses dev.multiproc.cluster.Cluster.Provider;

  provides dev.multiproc.cluster.Cluster.Provider with
      dev.multiproc.cluster.internal.HzContextProvider;
}
