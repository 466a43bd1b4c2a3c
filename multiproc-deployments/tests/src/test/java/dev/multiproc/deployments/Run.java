package dev.multiproc.deployments;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run's private directory (its mark, its {@code java.io.tmpdir} in {@code tmp/}, its output
 * and the files its launch needs) and the jars the build made, in {@code target/deployments}.
 *
 * @param dir the run's directory
 * @param jars the directory of the built jars
 */
record Run(Path dir, Path jars) {
  /** How long one launch of the application may take. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /**
   * Makes a run's directory: short, under the system's temporary directory, so that the
   * library's socket paths in its {@code tmp/} stay within the 108 bytes a Unix socket allows.
   *
   * @param deployment what runs
   * @return the run
   * @throws IOException if it cannot be made
   */
  @SuppressWarnings("EnumOrdinal") // not the name: socket paths under dir stay short (108 bytes)
  static Run create(Deployment deployment) throws IOException {
    String jars = System.getProperty("deployments.dir");
    if (jars == null) {
      throw new IllegalStateException(
          "the system property deployments.dir is not set: run these"
              + " tests with Maven (mvn -pl multiproc-deployments/tests -am verify)");
    }
    Path dir = Files.createTempDirectory("mpd-" + deployment.ordinal() + "-");
    Files.createDirectory(dir.resolve("tmp"));
    return new Run(dir, Path.of(jars));
  }

  /** The run's {@code java.io.tmpdir}. */
  Path tmp() {
    return dir.resolve("tmp");
  }

  /**
   * The flags every launch gives the application's JVM: no warm spare workers, no background AOT
   * training, and the run's own temporary directory.
   */
  List<String> appFlags() {
    return List.of("-Dmultiproc.spares=0", "-Dmultiproc.aot=false", "-Djava.io.tmpdir=" + tmp());
  }

  /**
   * Returns a launch of this JDK's java with {@link #appFlags()} and {@code args}.
   *
   * @param args the rest of the command line
   * @return the launch
   */
  Launch java(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(tool("java"));
    cmd.addAll(appFlags());
    cmd.addAll(args);
    return new Launch(cmd, Map.of(), TIMEOUT);
  }

  /**
   * Returns the path of a JDK tool of this JVM's JDK.
   *
   * @param name the tool
   * @return its path
   */
  String tool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  /**
   * Returns the path of a built jar, which must exist.
   *
   * @param name its name in {@code target/deployments}
   * @return its absolute path
   */
  String jar(String name) {
    Path jar = jars.resolve(name).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar
              + " does not exist: the build copies it there in the"
              + " pre-integration-test phase (mvn -pl multiproc-deployments/tests -am verify)");
    }
    return jar.toString();
  }

  /**
   * Returns a class path of built jars.
   *
   * @param names their names in {@code target/deployments}
   * @return their paths, separated by {@link File#pathSeparator}
   */
  String classPath(String... names) {
    return String.join(File.pathSeparator, Arrays.stream(names).map(this::jar).toList());
  }

  /**
   * Copies the application's source files (the folder {@code deployments.appSources} names) into
   * the run's directory, but its {@code module-info.java}: a program of source files on the class
   * path.
   *
   * @return the copy's root, where {@code com/example/app} begins
   * @throws IOException if they cannot be copied
   */
  Path copyAppSources() throws IOException {
    String from = System.getProperty("deployments.appSources");
    if (from == null) {
      throw new IllegalStateException(
          "the system property deployments.appSources is not set: run these tests with Maven");
    }
    Path source = Path.of(from);
    Path target = dir.resolve("src");
    try (var files = Files.walk(source)) {
      for (Path f : files.toList()) {
        Path copy = target.resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(copy);
        } else if (!f.getFileName().toString().equals("module-info.java")) {
          Files.copy(f, copy);
        }
      }
    }
    return target;
  }

  /**
   * Writes the jshell script into the run's directory.
   *
   * @return its path
   * @throws IOException if it cannot be written
   */
  String script() throws IOException {
    Path script = dir.resolve("app.jsh");
    Files.writeString(script, Deployment.resource("app.jsh"), StandardCharsets.UTF_8);
    return script.toString();
  }

  /**
   * Returns a command that runs the {@code mvn} on the PATH on {@code pom}, quiet and without
   * colours, with the outer build's local repository.
   *
   * @param pom the project
   * @param args properties and goals
   * @return the command
   */
  List<String> maven(Path pom, List<String> args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                mavenExecutable(),
                "-B",
                "-ntp",
                "-q",
                "-Dstyle.color=never",
                "-f",
                pom.toString()));
    String localRepository = System.getProperty("deployments.localRepository", "");
    if (!localRepository.isEmpty()) {
      cmd.add("-Dmaven.repo.local=" + localRepository);
    }
    cmd.addAll(args);
    return cmd;
  }

  /**
   * Returns the environment of a nested Maven build: this JDK, and {@code mavenOpts} for Maven's
   * own JVM.
   *
   * @param mavenOpts the flags of Maven's JVM
   * @return the variables
   */
  Map<String, String> mavenEnvironment(String mavenOpts) {
    return Map.of("JAVA_HOME", System.getProperty("java.home"), "MAVEN_OPTS", mavenOpts);
  }

  /**
   * Writes a user's project into {@code project/} of the run's directory: {@code pomResource} as
   * its pom, its main class {@code Work} and its JUnit test {@code WorkTest} (package {@code
   * com.example.user}), and with {@code module} its {@code module-info.java}.
   *
   * @param pomResource the pom, a resource beside this class
   * @param module whether the main sources declare the module {@code com.example.user}
   * @return the pom's path
   * @throws IOException if a file cannot be written
   */
  Path userProject(String pomResource, boolean module) throws IOException {
    Path project = dir.resolve("project");
    Path main = Files.createDirectories(project.resolve("src/main/java"));
    Path test = Files.createDirectories(project.resolve("src/test/java/com/example/user"));
    Path mainPackage = Files.createDirectories(main.resolve("com/example/user"));
    write(mainPackage.resolve("Work.java"), "user-project/Work.java");
    write(test.resolve("WorkTest.java"), "user-project/WorkTest.java");
    if (module) {
      write(main.resolve("module-info.java"), "user-project/module-info.java");
    }
    Path pom = project.resolve("pom.xml");
    write(pom, pomResource);
    return pom;
  }

  /**
   * Returns the properties a user's project's pom needs (the library jar; the versions of JUnit,
   * JSpecify and the plugins, those of the outer build), then {@code args}.
   *
   * @param args more properties and the goals
   * @return the arguments
   */
  List<String> userProjectArgs(List<String> args) {
    List<String> all = new ArrayList<>();
    all.add("-Dcore.jar=" + jar("multiproc-core.jar"));
    for (String version :
        List.of(
            "junit.version",
            "jspecify.version",
            "resources.plugin.version",
            "compiler.plugin.version",
            "surefire.plugin.version")) {
      all.add("-D" + version + "=" + property("deployments." + version));
    }
    all.addAll(args);
    return all;
  }

  private static void write(Path file, String resource) throws IOException {
    Files.writeString(file, Deployment.resource(resource), StandardCharsets.UTF_8);
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(
          "the system property " + name + " is not set: run these tests with Maven");
    }
    return value;
  }

  /** The {@code mvn} on the PATH. */
  private static String mavenExecutable() {
    Optional<Path> mvn =
        Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(d -> !d.isEmpty())
            .map(d -> Path.of(d, "mvn"))
            .filter(Files::isExecutable)
            .findFirst();
    return mvn.orElseThrow(
            () -> new IllegalStateException("no mvn on the PATH: " + System.getenv("PATH")))
        .toString();
  }

  /** The version of exec-maven-plugin the build names. */
  String execPluginVersion() {
    return property("deployments.execPluginVersion");
  }
}
