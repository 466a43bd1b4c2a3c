package dev.multiproc.testing;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;

/**
 * The package rules of multiproc's modules, checked on their compiled main classes: no package
 * depends on itself through others, and the packages form layers. From the bottom:
 *
 * <ol>
 *   <li>{@code function}: the serializable functional interfaces and class filters;
 *   <li>the API: {@code process}, {@code pool}, {@code ipc}, {@code shared}, {@code sync}, {@code
 *       manager}: what users call; it speaks of nothing above it;
 *   <li>the backends' building blocks: {@code internal.*} and {@code spi}: they implement the
 *       API;
 *   <li>the entry package {@code dev.multiproc} ({@code Multiprocessing} and its contexts): it
 *       composes the backends; nothing below names it.
 * </ol>
 *
 * <p>Where the API needs a backend it cannot name (the launcher of a {@code ChildProcess}), it
 * finds one at run time through {@link java.util.ServiceLoader}, declared in {@code module-info}.
 */
public final class PackageRules {
  /** The entry layer's name, for rules that add layers above the core's. */
  public static final String ENTRY = "entry";

  /** The backend layer's name. */
  public static final String BACKEND = "backend";

  /** The API layer's name. */
  public static final String API = "API";

  /** The bottom layer's name. */
  public static final String FUNCTION = "function";

  private PackageRules() {}

  /**
   * Imports the main classes under {@code dev.multiproc} from the class path: no test classes,
   * neither a module's own nor those of another module's test jar.
   *
   * @return the classes
   */
  public static JavaClasses mainClasses() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(PackageRules::notATestJar)
        .importPackages("dev.multiproc");
  }

  private static boolean notATestJar(Location location) {
    return !location.contains("-tests.jar") && !location.contains("/test-classes/");
  }

  /**
   * Returns the rule that no package depends on itself through other packages. Each package is
   * its own slice, the root package {@code dev.multiproc} included ({@code
   * slices().matching("dev.multiproc.(**)")} would leave the root out).
   *
   * @return the rule
   */
  public static ArchRule noPackageCycles() {
    return noPackageCycles(List.of());
  }

  /**
   * Returns the rule that no package depends on itself through other packages, where the
   * packages of each of {@code units} (a package and its subpackages) count as one.
   *
   * @param units packages whose subpackages are one slice with them
   * @return the rule
   */
  public static ArchRule noPackageCycles(List<String> units) {
    return slices().assignedFrom(new EachPackage(units)).should().beFreeOfCycles();
  }

  /**
   * Returns the core's layers: what each layer may be used by. Within a layer anything goes;
   * {@link #noPackageCycles()} keeps that acyclic.
   *
   * @return the layers, to which a module above the core adds its own
   */
  public static LayeredArchitecture coreLayers() {
    return layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer(FUNCTION)
        .definedBy("dev.multiproc.function..")
        .layer(API)
        .definedBy(
            "dev.multiproc.process..",
            "dev.multiproc.pool..",
            "dev.multiproc.ipc..",
            "dev.multiproc.shared..",
            "dev.multiproc.sync..",
            "dev.multiproc.manager..")
        .layer(BACKEND)
        .definedBy("dev.multiproc.internal..", "dev.multiproc.spi..")
        .layer(ENTRY)
        .definedBy("dev.multiproc");
  }

  /** One slice per package under {@code dev.multiproc}, or per unit of packages. */
  private record EachPackage(List<String> units) implements SliceAssignment {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      String p = javaClass.getPackageName();
      if (!p.equals("dev.multiproc") && !p.startsWith("dev.multiproc.")) {
        return SliceIdentifier.ignore();
      }
      for (String unit : units) {
        if (p.equals(unit) || p.startsWith(unit + ".")) {
          return SliceIdentifier.of(unit + " (with its subpackages)");
        }
      }
      return SliceIdentifier.of(p);
    }

    @Override
    public String getDescription() {
      return units.isEmpty()
          ? "each package under dev.multiproc"
          : "each package under dev.multiproc, each of " + units + " with its subpackages";
    }
  }
}
