package dev.multiproc.internal.spawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The message of a worker that did not connect back. */
class StartFailureTest {
  @Test
  void the_likely_cause_is_read_from_the_workers_stderr() {
    assertTrue(
        StartFailure.diagnosis(
                1,
                "Error: Could not find or load main class "
                    + WorkerMain.class.getName()
                    + "\nCaused by: java.lang.ClassNotFoundException: "
                    + WorkerMain.class.getName())
            .startsWith("the worker cannot find the library's own"));
    assertTrue(
        StartFailure.diagnosis(
                1,
                "Error occurred during initialization of boot layer\n"
                    + "java.lang.module.FindException: Module dev.multiproc not found")
            .startsWith("the worker cannot find the library's own"));
    assertTrue(
        StartFailure.diagnosis(
                1,
                "Unrecognized VM option 'Foo'\nError: Could not create "
                    + "the Java Virtual Machine.")
            .startsWith("the JVM refused an option"));
    assertTrue(
        StartFailure.diagnosis(
                1,
                "Error occurred during initialization of VM\n"
                    + "Invalid maximum heap size: -Xmx0q")
            .startsWith("the heap size"));
    assertTrue(
        StartFailure.diagnosis(
                1,
                "Error occurred during initialization of boot layer\n"
                    + "java.lang.module.FindException: Module foo not found")
            .startsWith("a module option is wrong"));
    assertTrue(StartFailure.diagnosis(137, "").startsWith("the worker was killed"));
    assertTrue(StartFailure.diagnosis(null, "").startsWith("the machine is overloaded"));
  }

  @Test
  void the_message_quotes_the_last_lines_and_shortens_a_long_class_path() {
    String classPath = String.join(":", java.util.Collections.nCopies(2000, "/some/dir/x.jar"));
    String message =
        StartFailure.message(
            42,
            1,
            60_000,
            "line 1\n\nline 2\n",
            List.of("java", "@/d/jvm-x.args", "Main"),
            Path.of("/d/jvm-x.args"),
            List.of("-Dx=1", "-cp", classPath));
    assertTrue(
        message.startsWith(
            "worker JVM pid=42 did not connect back: it exited with code 1;"
                + " the last lines of its stderr:\n    line 1\n    line 2\nprobably: "),
        message);
    assertTrue(
        message.contains(
            "\ncommand: java @/d/jvm-x.args Main\nargument file "
                + "/d/jvm-x.args:\n    -Dx=1\n    -cp\n    /some/dir/x.jar:"),
        message);
    assertTrue(message.contains("(" + classPath.length() + " characters, 2000 entries)"), message);
    assertTrue(message.length() < 3000, message);
  }

  @Test
  void the_tail_keeps_the_last_bytes_read() throws Exception {
    byte[] text =
        ("x".repeat(StartFailure.TAIL_BYTES) + "last line\n").getBytes(StandardCharsets.UTF_8);
    var tail = new StartFailure.Tail(new ByteArrayInputStream(text));
    tail.transferTo(java.io.OutputStream.nullOutputStream());
    assertTrue(tail.text().endsWith("xlast line\n"), tail.text());
    assertEquals(StartFailure.TAIL_BYTES, tail.text().length());
    assertFalse(new StartFailure.Tail(new ByteArrayInputStream(new byte[0])).text().length() > 0);
  }
}
