package dev.multiproc;

import static dev.multiproc.testing.PackageRules.API;
import static dev.multiproc.testing.PackageRules.BACKEND;
import static dev.multiproc.testing.PackageRules.ENTRY;
import static dev.multiproc.testing.PackageRules.FUNCTION;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.multiproc.testing.PackageRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core's packages form layers without cycles: {@code function} below the API, the API below
 * the backends ({@code internal.*}, {@code spi}), the backends below the entry package. See
 * {@link PackageRules}.
 */
class PackageLayersTest {
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
  void the_api_names_no_backend_and_no_backend_names_the_entry_package() {
    PackageRules.coreLayers()
        .whereLayer(ENTRY)
        .mayNotBeAccessedByAnyLayer()
        .whereLayer(BACKEND)
        .mayOnlyBeAccessedByLayers(ENTRY)
        .whereLayer(API)
        .mayOnlyBeAccessedByLayers(BACKEND, ENTRY)
        .whereLayer(FUNCTION)
        .mayNotAccessAnyLayer()
        .check(classes);
  }
}
