package dev.multiproc.internal.spawn;

import dev.multiproc.process.ChildProcess;
import dev.multiproc.spi.Codec;
import dev.multiproc.spi.CurrentProcessState;

/**
 * A worker that became a child process: decodes the {@link ChildProcess}, calls its {@code run()}
 * on the main thread and exits as Python's {@code Process._bootstrap} does: code 0 when {@code
 * run()} returns, 1 with the stack trace on stderr when it throws, or whatever code the task
 * passes to {@link System#exit}.
 */
final class ChildMain {
  private ChildMain() {}

  static void run(Codec codec, byte[] payload) {
    int code = 0;
    try {
      ChildProcess process = (ChildProcess) codec.decode(payload);
      CurrentProcessState.daemon(process.daemon());
      Thread.currentThread().setName(process.name());
      process.run();
    } catch (Throwable t) {
      System.err.println("Process " + CurrentProcessState.current().name() + ":");
      t.printStackTrace();
      code = 1;
    }
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }
}
