/**
 * A small application that uses the cluster backend, as a user would write it: the module-path
 * row of the deployment matrix that runs core, cluster and Hazelcast as modules.
 */
module com.example.clusterapp {
  requires dev.multiproc.cluster;
  requires com.example.app;
}
