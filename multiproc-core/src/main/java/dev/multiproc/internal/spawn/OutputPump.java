package dev.multiproc.internal.spawn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Copies a child's stdout or stderr to the parent's current {@link System#out} or {@link
 * System#err}, one whole line at a time, so lines of several children never mix mid-line and a
 * test that replaces {@code System.out} sees its children's output too.
 */
final class OutputPump implements Runnable {
  private final InputStream from;
  private final Supplier<PrintStream> to;

  private OutputPump(InputStream from, Supplier<PrintStream> to) {
    this.from = from;
    this.to = to;
  }

  static Thread start(InputStream from, Supplier<PrintStream> to, String name) {
    Thread t = new Thread(new OutputPump(from, to), name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Override
  public void run() {
    var line = new ByteArrayOutputStream(256);
    byte[] buffer = new byte[8192];
    try (from) {
      int n;
      while ((n = from.read(buffer)) >= 0) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            line.write(buffer, start, i + 1 - start);
            emit(line);
            start = i + 1;
          }
        }
        line.write(buffer, start, n - start);
      }
    } catch (IOException e) {
      // the child is gone
    }
    if (line.size() > 0) {
      emit(line);
    }
  }

  private void emit(ByteArrayOutputStream line) {
    PrintStream out = to.get();
    synchronized (out) {
      out.write(line.toByteArray(), 0, line.size());
      out.flush();
    }
    line.reset();
  }
}
