package dev.multiproc.cluster;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static dev.multiproc.testing.PackageRules.API;
import static dev.multiproc.testing.PackageRules.BACKEND;
import static dev.multiproc.testing.PackageRules.ENTRY;
import static dev.multiproc.testing.PackageRules.FUNCTION;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.multiproc.cluster.internal.NodeMain;
import dev.multiproc.testing.PackageRules;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster's packages and the core's together form layers without cycles: the cluster's
 * backend ({@code cluster.internal}) builds on the core's API and backends and names no entry
 * package; only the cluster's context names the backend.
 *
 * <p>One cycle is known, inside the cluster: {@code dev.multiproc.cluster} holds both the
 * cluster's API ({@code ClusterConfig}, {@code ClusterLock}, {@code MemberLoss}, the exceptions),
 * which the backend uses, and {@code Cluster}/{@code ClusterContext}, which compose the backend.
 * The cycle check therefore counts the cluster's packages as one; {@link
 * #the_cluster_backend_names_the_cluster_context_only_in_the_member_main()} keeps the backend from
 * naming the context anywhere but the member's main class.
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
    PackageRules.noPackageCycles(List.of("dev.multiproc.cluster")).check(classes);
  }

  @Test
  void the_cluster_backend_builds_on_the_core_and_names_no_entry_package() {
    PackageRules.coreLayers()
        .layer(CLUSTER)
        .definedBy("dev.multiproc.cluster")
        .layer(CLUSTER_BACKEND)
        .definedBy("dev.multiproc.cluster.internal..")
        .whereLayer(ENTRY)
        .mayOnlyBeAccessedByLayers(CLUSTER)
        .whereLayer(BACKEND)
        .mayOnlyBeAccessedByLayers(ENTRY, CLUSTER, CLUSTER_BACKEND)
        .whereLayer(API)
        .mayOnlyBeAccessedByLayers(BACKEND, ENTRY, CLUSTER, CLUSTER_BACKEND)
        .whereLayer(FUNCTION)
        .mayNotAccessAnyLayer()
        .whereLayer(CLUSTER_BACKEND)
        .mayOnlyBeAccessedByLayers(CLUSTER)
        .check(classes);
  }

  @Test
  void the_cluster_backend_names_the_cluster_context_only_in_the_member_main() {
    noClasses()
        .that()
        .resideInAPackage("dev.multiproc.cluster.internal..")
        .and()
        .doNotBelongToAnyOf(NodeMain.class)
        .should()
        .dependOnClassesThat(belongToAnyOf(Cluster.class, ClusterContext.class))
        .check(classes);
  }
}
