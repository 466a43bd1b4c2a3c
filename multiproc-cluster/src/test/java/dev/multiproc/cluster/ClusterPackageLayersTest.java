package dev.multiproc.cluster;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static dev.multiproc.testing.PackageRules.API;
import static dev.multiproc.testing.PackageRules.BACKEND;
import static dev.multiproc.testing.PackageRules.ENTRY;
import static dev.multiproc.testing.PackageRules.FUNCTION;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.multiproc.testing.PackageRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster's packages and the core's together form layers without cycles: the cluster's API
 * ({@code dev.multiproc.cluster}: {@code Cluster}, the {@code ClusterContext} interface, the
 * config, the exceptions) builds on the core's API and entry and names no backend class; the
 * cluster's backend ({@code cluster.internal}) implements it on the core's API, {@code spi} and
 * the {@code Context} of the entry package, and is found by {@code Cluster} as a service.
 */
class ClusterPackageLayersTest {
  private static final String CLUSTER = "cluster";
  private static final String CLUSTER_BACKEND = "cluster backend";

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = PackageRules.mainClasses();
  }

  @Test
  void no_package_depends_on_itself_through_others() {
    PackageRules.noPackageCycles().check(classes);
  }

  @Test
  void the_cluster_backend_builds_on_the_core_and_names_no_entry_package() {
    PackageRules.coreLayers()
        .layer(CLUSTER)
        .definedBy("dev.multiproc.cluster")
        .layer(CLUSTER_BACKEND)
        .definedBy("dev.multiproc.cluster.internal..")
        .whereLayer(ENTRY)
        .mayOnlyBeAccessedByLayers(CLUSTER, CLUSTER_BACKEND)
        .whereLayer(BACKEND)
        .mayOnlyBeAccessedByLayers(ENTRY, CLUSTER, CLUSTER_BACKEND)
        .whereLayer(API)
        .mayOnlyBeAccessedByLayers(BACKEND, ENTRY, CLUSTER, CLUSTER_BACKEND)
        .whereLayer(FUNCTION)
        .mayNotAccessAnyLayer()
        .whereLayer(CLUSTER_BACKEND)
        .mayNotBeAccessedByAnyLayer()
        .check(classes);
  }

  @Test
  void the_cluster_api_names_no_backend_class() {
    noClasses()
        .that()
        .resideInAPackage("dev.multiproc.cluster")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.multiproc.cluster.internal..")
        .check(classes);
  }
}
