package dev.multiproc.internal.spawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.process.JvmOptions;
import dev.multiproc.process.JvmOptions.Inherit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the caller's command line: what is inherited, and what never is. */
class CallerOptionsTest {
  @TempDir Path tmp;

  @Test
  void options_up_to_the_main_class_in_one_form_argument_files_expanded() throws Exception {
    Path file = tmp.resolve("args");
    Files.writeString(file, "-Dfrom.file=\"x y\"\n--add-opens java.base/java.io=ALL-UNNAMED\n");
    List<String> options =
        CallerOptions.launcherOptions(
            List.of(
                "-Dx=1",
                "@" + file,
                "--add-exports",
                "java.base/a=ALL-UNNAMED",
                "-cp",
                "a.jar",
                "-ea",
                "com.acme.Main",
                "-Dafter=main"));
    assertEquals(
        List.of(
            "-Dx=1",
            "-Dfrom.file=x y",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-exports=java.base/a=ALL-UNNAMED",
            "-cp=a.jar",
            "-ea"),
        options);
    // argument files do not nest: an '@' read from one is not expanded (the file named does not
    // exist, which would give null) but is an ordinary argument, here what the JVM runs
    Path nesting = tmp.resolve("nesting");
    Files.writeString(nesting, "-Dy=2\n@" + tmp.resolve("not-there") + "\n-Dz=3\n");
    assertEquals(
        List.of("-Dy=2"),
        CallerOptions.launcherOptions(List.of("@" + nesting, "-ea", "com.acme.Main")));
    assertNull(
        CallerOptions.launcherOptions(List.of("@" + tmp.resolve("gone"), "Main")),
        "an argument file that is gone: ask the JVM instead");
    assertEquals(
        List.of("-Da=1"),
        CallerOptions.launcherOptions(List.of("-Da=1", "-jar", "app.jar", "-Db=2")));
  }

  @Test
  void the_jdks_own_properties_and_the_librarys_are_never_inherited() {
    for (String arg :
        List.of(
            "-Djava.class.path=x",
            "-Djdk.module.path=x",
            "-Djdk.module.main=m",
            "-Dsun.java.command=Main",
            "-Dsun.java.launcher=SUN_STANDARD",
            "-Djava.home=/j",
            "-Dmultiproc.resources=/tmp/x",
            "-Dmultiproc.aot.train=/x",
            "-cp=x",
            "-p=x",
            "--module-path=x",
            "-XX:+UseZGC",
            "-Xss1m",
            "-agentlib:jdwp=transport=dt_socket",
            "-Xms1g",
            "-verbose:gc")) {
      assertNull(CallerOptions.kindOf(arg), arg);
    }
    assertEquals(Inherit.SYSTEM_PROPERTIES, CallerOptions.kindOf("-Djava.io.tmpdir=/t"));
    assertEquals(Inherit.MAX_HEAP, CallerOptions.kindOf("-XX:MaxRAMPercentage=10"));
    assertEquals(Inherit.ASSERTIONS, CallerOptions.kindOf("-da:com.acme..."));
    assertEquals(Inherit.JAVA_AGENTS, CallerOptions.kindOf("-javaagent:a.jar=x"));
  }

  @Test
  void the_default_heap_only_when_the_caller_gave_none() {
    CallerOptions none = CallerOptions.of(List.of("-Dx=1", "-ea"), "-Xmx99m");
    assertEquals(List.of("-Dx=1", "-ea", "-Xmx99m"), none.flags(EnumSet.allOf(Inherit.class)));
    assertEquals(List.of("-ea"), none.flags(EnumSet.of(Inherit.ASSERTIONS)));
    CallerOptions given = CallerOptions.of(List.of("-XX:MaxRAMPercentage=5"), "-Xmx99m");
    assertEquals(List.of("-XX:MaxRAMPercentage=5"), given.flags(EnumSet.of(Inherit.MAX_HEAP)));
    assertEquals(List.of(), given.flags(EnumSet.noneOf(Inherit.class)));
  }

  /** Under surefire: nothing of the launcher's or surefire's own options is inherited. */
  @Test
  void under_surefire_the_argLine_is_inherited_and_nothing_else() {
    List<String> inherited = CallerOptions.current().flags(EnumSet.allOf(Inherit.class));
    List<String> jvmArgs = JvmCommand.jvmArgs(JvmOptions.defaults());
    for (String arg : inherited) {
      assertTrue(jvmArgs.contains(arg), () -> arg + " is not passed on: " + jvmArgs);
      assertFalse(
          arg.startsWith("-Djava.class.path")
              || arg.startsWith("-Dsun.java")
              || arg.startsWith("-Djdk.module")
              || arg.startsWith("-Dbasedir")
              || arg.startsWith("-Dsurefire"),
          () -> arg + " must not be inherited: " + inherited);
    }
  }
}
