package dev.multiproc.internal.spawn;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Copies a child's stdout or stderr to the parent's current {@link System#out} or {@link
 * System#err}, one whole line at a time, so lines of several children never mix mid-line and a
 * test that replaces {@code System.out} sees its children's output too.
 *
 * <p>Memory is bounded: a line longer than {@link #MAX_LINE} bytes is passed on in pieces of that
 * size as it arrives (only such a line may mix with another child's). The pump never dies before
 * the child's output ends: a target stream that throws loses that piece, not what follows.
 */
final class OutputPump implements Runnable {
  /** The longest part of a line held back while waiting for its end. */
  static final int MAX_LINE = 64 * 1024;

  private final InputStream from;
  private final Supplier<PrintStream> to;
  private byte[] line = new byte[256];
  private int length;

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
    byte[] buffer = new byte[8192];
    try (from) {
      int n;
      while ((n = read(buffer)) >= 0) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            append(buffer, start, i + 1 - start);
            emit();
            start = i + 1;
          }
        }
        append(buffer, start, n - start);
      }
    } catch (IOException e) {
      // closing failed: the child is gone anyway
    }
    emit();
  }

  private int read(byte[] buffer) {
    try {
      return from.read(buffer);
    } catch (IOException e) {
      return -1; // the child is gone
    }
  }

  /** Holds bytes of the current line, passing on a full buffer as one piece. */
  private void append(byte[] b, int off, int len) {
    while (len > 0) {
      int n = Math.min(len, MAX_LINE - length);
      if (length + n > line.length) {
        line = Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(2 * line.length, length + n)));
      }
      System.arraycopy(b, off, line, length, n);
      length += n;
      off += n;
      len -= n;
      if (length == MAX_LINE) {
        emit();
      }
    }
  }

  private void emit() {
    if (length == 0) {
      return;
    }
    try {
      PrintStream out = to.get();
      synchronized (out) {
        out.write(line, 0, length);
        out.flush();
      }
    } catch (Throwable t) {
      // a broken or full target: this piece is lost, the pump goes on with the next
    }
    length = 0;
  }
}
