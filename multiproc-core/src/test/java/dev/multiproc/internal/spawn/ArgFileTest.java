package dev.multiproc.internal.spawn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The launcher's argument files: written so that it reads back exactly what was meant. */
class ArgFileTest {
  /** Values the launcher's argument-file syntax treats specially, each in one argument. */
  private static final List<String> AWKWARD =
      List.of(
          "a b",
          "q\"uote",
          "it's",
          "back\\slash",
          "end\\",
          "#hash",
          "x#y",
          "new\nline",
          "cr\rhere",
          "tab\there",
          "",
          "ü €",
          "@at");

  @Test
  void parse_reads_back_what_render_wrote() {
    assertEquals(AWKWARD, ArgFile.parse(ArgFile.render(AWKWARD)));
  }

  @Test
  void parse_follows_the_launchers_rules_for_files_it_did_not_write() {
    String text =
        """
        # a comment
        -cp a:b  -Dx="1 2"'3' \\not-an-escape
        --add-opens java.base/x=ALL-UNNAMED # trailing
        "con\\
           tinued"
        """;
    assertEquals(
        List.of(
            "-cp",
            "a:b",
            "-Dx=1 23",
            "\\not-an-escape",
            "--add-opens",
            "java.base/x=ALL-UNNAMED",
            "continued"),
        ArgFile.parse(text));
  }

  /** The argument file is private to its user, as the directory it is in. */
  @Test
  void argument_files_are_private() throws Exception {
    Path file = ArgFiles.write(List.of("-Dprivate=1", "-cp", "x"));
    assertEquals(
        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(file));
    assertEquals(file, ArgFiles.write(List.of("-Dprivate=1", "-cp", "x")), "written once");
    assertEquals(
        List.of("-Dprivate=1", "-cp", "x"),
        ArgFile.parse(Files.readString(file, ArgFile.charset())));
  }
}
