package dev.multiproc.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * The {@code multiproc} launcher script installed as the build lays it out, for tests that run it:
 * the script, and a {@code multiproc-cli.jar} beside it whose manifest names this JVM's class path
 * (as the packaged jar names its {@code lib/} folder).
 */
final class LauncherInstall {
  private LauncherInstall() {}

  /**
   * Installs the script and its jar into {@code dir}.
   *
   * @param dir the folder
   * @return the script
   * @throws IOException if a file cannot be written
   */
  static Path install(Path dir) throws IOException {
    Path script = dir.resolve("multiproc");
    Files.copy(Path.of("src", "main", "sh", "multiproc"), script);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    standInJar(dir.resolve("multiproc-cli.jar"));
    return script;
  }

  /**
   * Writes a jar with no classes whose manifest names this JVM's class path.
   *
   * @param jarPath where to write it
   * @throws IOException if it cannot be written
   */
  static void standInJar(Path jarPath) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest
        .getMainAttributes()
        .put(
            Attributes.Name.CLASS_PATH,
            Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toUri().toString())
                .collect(Collectors.joining(" ")));
    try (OutputStream out = Files.newOutputStream(jarPath);
        var jar = new JarOutputStream(out, manifest)) {
      jar.flush();
    }
  }
}
