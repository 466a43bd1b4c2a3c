/**
 * A small application that uses multiproc, as a user would write it: the subject of the deployment
 * matrix, which runs it on the class path, as a shaded jar, as a Spring Boot executable jar, from
 * an isolated class loader and on the module path.
 */
module com.example.app {
  requires transitive dev.multiproc;

  // its work, for the cluster application to run on a cluster
  exports com.example.app;
}
