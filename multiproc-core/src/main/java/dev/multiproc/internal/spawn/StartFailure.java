package dev.multiproc.internal.spawn;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a worker that did not connect back says about itself: its exit code, the last lines of
 * its stderr, its real command line with its argument file, and what is probably wrong.
 */
final class StartFailure {
  /** How much of a worker's stderr is kept for the message: its last lines. */
  static final int TAIL_BYTES = 8 * 1024;

  /** How many lines of the tail the message quotes. */
  private static final int TAIL_LINES = 15;

  /** The longest argument quoted in full; longer ones (a class path) are shortened. */
  private static final int LONG_ARG = 600;

  private StartFailure() {}

  /**
   * A worker's stderr as it is read, which keeps its last {@link #TAIL_BYTES} bytes.
   */
  static final class Tail extends FilterInputStream {
    private final byte[] ring = new byte[TAIL_BYTES];
    private long written;

    Tail(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        keep(new byte[] {(byte) b}, 0, 1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        keep(b, off, n);
      }
      return n;
    }

    private synchronized void keep(byte[] b, int off, int len) {
      for (int i = 0; i < len; i++) {
        ring[(int) (written++ % TAIL_BYTES)] = b[off + i];
      }
    }

    /** The bytes kept, oldest first, as text. */
    synchronized String text() {
      int n = (int) Math.min(written, TAIL_BYTES);
      byte[] out = new byte[n];
      for (int i = 0; i < n; i++) {
        out[i] = ring[(int) ((written - n + i) % TAIL_BYTES)];
      }
      return new String(out, StandardCharsets.UTF_8);
    }
  }

  /**
   * Returns the message of a worker that did not connect back.
   *
   * @param pid the worker's pid
   * @param exitCode its exit code, or null while it runs (it took too long)
   * @param waitedMs how long it was given, for one still running
   * @param stderr the last of its stderr
   * @param command its command line
   * @param argFile its argument file
   * @param jvmArgs what the argument file holds
   * @return the message
   */
  static String message(
      long pid,
      @Nullable Integer exitCode,
      long waitedMs,
      String stderr,
      List<String> command,
      Path argFile,
      List<String> jvmArgs) {
    var sb = new StringBuilder("worker JVM pid=").append(pid).append(" did not connect back");
    sb.append(
        exitCode == null
            ? " within " + waitedMs + " ms"
            : ": it exited with code " + exitCode + signal(exitCode));
    List<String> lines = lastLines(stderr);
    sb.append(
        lines.isEmpty()
            ? "; it wrote nothing to stderr"
            : "; the last lines of its stderr:\n    " + String.join("\n    ", lines));
    sb.append("\nprobably: ").append(diagnosis(exitCode, stderr));
    sb.append("\ncommand: ").append(String.join(" ", command));
    sb.append("\nargument file ").append(argFile).append(":");
    for (String arg : jvmArgs) {
      sb.append("\n    ").append(shorten(arg));
    }
    return sb.toString();
  }

  private static String signal(int exitCode) {
    return exitCode > 128 && exitCode < 160
        ? " (killed by signal "
            + (exitCode - 128)
            + (exitCode == 137
                ? ", SIGKILL: the kernel's out-of-memory killer, or someone else"
                : "")
            + ")"
        : "";
  }

  /**
   * Returns what is probably wrong, from the exit code and the worker's stderr.
   *
   * @param exitCode the exit code, or null for a worker that took too long
   * @param stderr the last of its stderr
   * @return one sentence
   */
  static String diagnosis(@Nullable Integer exitCode, String stderr) {
    if (exitCode == null) {
      return "the machine is overloaded, or the worker is stuck before it connects (its stack: "
          + "jstack <pid>)";
    }
    if (stderr.contains("Could not find or load main class " + WorkerMain.class.getName())
        || (stderr.contains("ClassNotFoundException") && stderr.contains("dev.multiproc"))
        || stderr.contains("Module dev.multiproc not found")) {
      return "the worker cannot find the library's own classes on its class path or module "
          + "path (see -cp and --module-path in the argument file); the library looks for its "
          + "jar where the caller's class loader got it (META-INF/multiproc/*.classes), which "
          + "failed: see the log of dev.multiproc.spawn";
    }
    if (stderr.contains("Unrecognized VM option")
        || stderr.contains("Unrecognized option")
        || stderr.contains("Improperly specified VM option")) {
      return "the JVM refused an option: one of JvmOptions.jvmFlags(), or one the worker "
          + "inherits from the caller's command line (JvmOptions.withInherit(false) turns that "
          + "off)";
    }
    if (stderr.contains("heap size")
        || stderr.contains("Could not reserve enough space")
        || stderr.contains("Initial heap size set to a larger value")) {
      return "the heap size is not possible: JvmOptions.maxHeap(), or the caller's -Xmx which "
          + "workers inherit";
    }
    if (stderr.contains("Error occurred during initialization of boot layer")) {
      return "a module option is wrong for the worker (--add-modules, --limit-modules, "
          + "--patch-module, --add-opens ...: the worker inherits the caller's)";
    }
    if (stderr.contains("agent")
        && (stderr.contains("Error opening zip file")
            || stderr.contains("java.lang.instrument")
            || stderr.contains("premain"))) {
      return "a -javaagent the worker was given does not load";
    }
    if (exitCode == WorkerMain.EXIT_ORPHANED) {
      return "the worker found that its parent had gone, or could not read its key: was this "
          + "process ending?";
    }
    if (exitCode == WorkerMain.EXIT_PROTOCOL) {
      return "the worker and this process disagree on the protocol: are they the same version "
          + "of the library?";
    }
    if (exitCode > 128 && exitCode < 160) {
      return "the worker was killed before it connected";
    }
    return "see the worker's stderr above";
  }

  private static List<String> lastLines(String text) {
    List<String> lines = new ArrayList<>(text.lines().filter(l -> !l.isBlank()).toList());
    return lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
  }

  private static String shorten(String arg) {
    if (arg.length() <= LONG_ARG) {
      return arg;
    }
    int entries = arg.split(java.io.File.pathSeparator, -1).length;
    return arg.substring(0, LONG_ARG / 2)
        + " ... ("
        + arg.length()
        + " characters"
        + (entries > 1 ? ", " + entries + " entries" : "")
        + ") ... "
        + arg.substring(arg.length() - LONG_ARG / 4);
  }
}
