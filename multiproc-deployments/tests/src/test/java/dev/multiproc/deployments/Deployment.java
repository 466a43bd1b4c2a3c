package dev.multiproc.deployments;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ways the application is deployed, each with the command that launches it as a user would.
 * Every launch turns warm spare workers and the AOT cache's background training off (so that
 * each run boots only its own workers and starts nothing that outlives it by design) and gives
 * the application a {@code java.io.tmpdir} of the run's own.
 */
enum Deployment {
  /** {@code java -cp app.jar:multiproc-core.jar com.example.app.App}. */
  CLASS_PATH("plain class path") {
    @Override
    Launch launch(Run run) {
      return run.java(
          List.of(
              "--enable-native-access=ALL-UNNAMED",
              "-cp",
              run.classPath("app.jar", "multiproc-core.jar"),
              APP_MAIN));
    }
  },

  /** {@code java -jar app-shaded.jar}: the application and the library in one jar. */
  SHADED_JAR("shaded jar, java -jar") {
    @Override
    Launch launch(Run run) {
      return run.java(List.of("-jar", run.jar("app-shaded.jar")));
    }
  },

  /**
   * {@code java -jar app-boot.jar}: a Spring Boot executable jar, the application in {@code
   * BOOT-INF/classes} and the library in {@code BOOT-INF/lib}, loaded by Boot's own class loader.
   */
  SPRING_BOOT_JAR("Spring Boot executable jar, java -jar") {
    @Override
    Launch launch(Run run) {
      return run.java(List.of("-jar", run.jar("app-boot.jar")));
    }
  },

  /**
   * An in-process launcher that loads the application and the library from a {@code
   * URLClassLoader} of its own (parent: the platform loader), as {@code mvn exec:java} does:
   * {@code java.class.path} holds only the launcher.
   */
  ISOLATED_CLASS_LOADER("isolated class loader, as exec:java") {
    @Override
    Launch launch(Run run) {
      return run.java(
          List.of(
              "--enable-native-access=ALL-UNNAMED",
              "-cp",
              run.jar("launcher.jar"),
              "com.example.launcher.IsolatedLauncher",
              run.classPath("app.jar", "multiproc-core.jar"),
              APP_MAIN));
    }
  },

  /**
   * {@code mvn exec:java} on a user's project whose dependencies are the application and the
   * library: Maven's own JVM runs the application.
   */
  MAVEN_EXEC_JAVA("mvn exec:java") {
    @Override
    Launch launch(Run run) throws IOException {
      Path pom = run.dir().resolve("pom.xml");
      Files.writeString(pom, resource("exec-java-pom.xml"), StandardCharsets.UTF_8);
      List<String> cmd =
          run.maven(
              pom,
              List.of(
                  "-Dapp.jar=" + run.jar("app.jar"),
                  "-Dcore.jar=" + run.jar("multiproc-core.jar"),
                  "-Dexec.plugin.version=" + run.execPluginVersion(),
                  "exec:java"));
      return new Launch(
          cmd,
          run.mavenEnvironment(String.join(" ", run.appFlags()) + " " + NATIVE_UNNAMED),
          Duration.ofMinutes(2));
    }
  },

  /**
   * {@code mvn test} on a user's project whose JUnit test uses the library, with surefire's
   * {@code forkCount=0}: the test runs in Maven's own JVM ({@code java.class.path} holds Maven's
   * launcher), the project's classes and the library in surefire's class loader.
   */
  SUREFIRE_IN_PROCESS("mvn test, surefire forkCount=0") {
    @Override
    Launch launch(Run run) throws IOException {
      Path pom = run.userProject("user-project-in-process-pom.xml", false);
      List<String> cmd = run.maven(pom, run.userProjectArgs(List.of("test")));
      return new Launch(
          cmd,
          run.mavenEnvironment(String.join(" ", run.appFlags()) + " " + NATIVE_UNNAMED),
          Duration.ofMinutes(2));
    }
  },

  /**
   * {@code mvn test} on a user's project with a {@code module-info.java}: surefire runs its JUnit
   * test in a forked JVM on the module path, the test classes patched into the project's module
   * ({@code --patch-module}), the test engine on the class path.
   */
  SUREFIRE_PATCH_MODULE("mvn test, test classes patched into the module") {
    @Override
    Launch launch(Run run) throws IOException {
      Path pom = run.userProject("user-project-patch-module-pom.xml", true);
      String argLine = String.join(" ", run.appFlags()) + " --enable-native-access=dev.multiproc";
      List<String> cmd =
          run.maven(pom, run.userProjectArgs(List.of("-DargLine=" + argLine, "test")));
      return new Launch(
          cmd, run.mavenEnvironment("-Djava.io.tmpdir=" + run.tmp()), Duration.ofMinutes(2));
    }
  },

  /**
   * The application as a JPMS module: {@code java -p app.jar:multiproc-core.jar -m
   * com.example.app/com.example.app.App}.
   */
  MODULE_PATH("module path, java -m") {
    @Override
    Launch launch(Run run) {
      return run.java(
          List.of(
              "--enable-native-access=dev.multiproc",
              "-p",
              run.classPath("app.jar", "multiproc-core.jar"),
              "-m",
              "com.example.app/" + APP_MAIN));
    }
  },

  /**
   * The application's work on a one-member cluster embedded in its JVM, with the cluster backend
   * and Hazelcast as modules too: {@code java -p
   * cluster-app.jar:app.jar:multiproc-cluster.jar:multiproc-core.jar:hazelcast.jar -m
   * com.example.clusterapp/com.example.clusterapp.ClusterApp}.
   */
  MODULE_PATH_CLUSTER("module path, core + cluster, java -m") {
    @Override
    Launch launch(Run run) {
      return run.java(
          List.of(
              "--enable-native-access=dev.multiproc",
              // Hazelcast's own use of sun.misc.Unsafe, which the JDK otherwise warns of
              "--sun-misc-unsafe-memory-access=allow",
              "-Dhazelcast.logging.type=none",
              "-p",
              run.classPath(
                  "cluster-app.jar",
                  "app.jar",
                  "multiproc-cluster.jar",
                  "multiproc-core.jar",
                  "hazelcast.jar"),
              "-m",
              "com.example.clusterapp/com.example.clusterapp.ClusterApp"));
    }
  },

  /**
   * jshell running a script that types the application's work at the prompt ({@code app.jsh}),
   * with its default execution: the snippets run in a remote agent JVM.
   */
  JSHELL_SCRIPT("jshell script") {
    @Override
    Launch launch(Run run) throws IOException {
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  run.tool("jshell"),
                  "--class-path",
                  run.classPath("app.jar", "multiproc-core.jar")));
      run.appFlags().forEach(f -> cmd.add("-R" + f));
      cmd.add("-R--enable-native-access=ALL-UNNAMED");
      cmd.add("-J-Djava.io.tmpdir=" + run.tmp());
      cmd.add(run.script());
      return new Launch(cmd, Map.of(), Duration.ofSeconds(90));
    }
  },

  /** As {@link #JSHELL_SCRIPT}, with {@code --execution local}: the snippets run in jshell's JVM. */
  JSHELL_LOCAL("jshell script, --execution local") {
    @Override
    Launch launch(Run run) throws IOException {
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  run.tool("jshell"),
                  "--execution",
                  "local",
                  "--class-path",
                  run.classPath("app.jar", "multiproc-core.jar")));
      run.appFlags().forEach(f -> cmd.add("-J" + f));
      cmd.add("-J--enable-native-access=ALL-UNNAMED");
      cmd.add(run.script());
      return new Launch(cmd, Map.of(), Duration.ofSeconds(90));
    }
  },

  /**
   * {@code java -cp multiproc-core.jar src/com/example/app/App.java}: the application run from
   * its source files by java's source launcher, which compiles them in memory (the other files of
   * the program when they are first needed) and loads them in a loader of its own.
   */
  SOURCE_LAUNCHER("source files, java App.java") {
    @Override
    Launch launch(Run run) throws IOException {
      Path sources = run.copyAppSources();
      return run.java(
          List.of(
              NATIVE_UNNAMED,
              "-cp",
              run.classPath("multiproc-core.jar"),
              sources.resolve("com/example/app/App.java").toString()));
    }
  },

  /**
   * A class path over 128 KiB (the application, the library, then many real, empty
   * directories), given to java in an argument file as a build tool would: {@code java
   * @java.args}.
   */
  LONG_CLASS_PATH("class path over 128 KiB, java @argfile") {
    @Override
    Launch launch(Run run) throws IOException {
      List<String> entries =
          new ArrayList<>(List.of(run.jar("app.jar"), run.jar("multiproc-core.jar")));
      Path pad = Files.createDirectory(run.dir().resolve("pad"));
      String filler = "d".repeat(200);
      int length = String.join(File.pathSeparator, entries).length();
      for (int i = 0; length <= LONG_CLASS_PATH_BYTES; i++) {
        Path dir = Files.createDirectory(pad.resolve(i + "-" + filler));
        entries.add(dir.toString());
        length += 1 + dir.toString().length();
      }
      Path argFile = run.dir().resolve("java.args");
      Files.writeString(argFile, "-cp\n" + String.join(File.pathSeparator, entries) + "\n");
      return run.java(List.of("--enable-native-access=ALL-UNNAMED", "@" + argFile, APP_MAIN));
    }
  };

  /** The flag that lets the library, on the class path, use native memory. */
  static final String NATIVE_UNNAMED = "--enable-native-access=ALL-UNNAMED";

  /** The application's main class. */
  static final String APP_MAIN = "com.example.app.App";

  /** The line every deployment of the application prints. */
  static final String EXPECTED =
      "RESULT lambda=[11, 21, 31] ref=[1, 4, 9] queue=[part-0, part-1, part-2] elsewhere=true";

  /** How long a class path must be: over 128 KiB, the kernel's limit for one argument. */
  static final int LONG_CLASS_PATH_BYTES = 136 * 1024;

  private final String title;

  Deployment(String title) {
    this.title = title;
  }

  /** A short description, for messages. */
  String title() {
    return title;
  }

  /**
   * Returns how to launch this deployment in {@code run}.
   *
   * @param run the run's directories and the built jars
   * @return the launch
   * @throws IOException if a file the launch needs cannot be written
   */
  abstract Launch launch(Run run) throws IOException;

  static String resource(String name) throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            Deployment.class.getResourceAsStream(name), () -> "missing resource " + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
