package dev.multiproc.cli;

import dev.multiproc.Context;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.ipc.Pipe;
import dev.multiproc.process.ChildProcess;
import dev.multiproc.shared.SharedInt;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's sharing section, on any {@link Context}: a producer process puts squares on a
 * queue, a child greets through a pipe, and two processes race on a shared counter, first without
 * its lock (seed 001: updates are lost) and then holding it (none are). On a local context the
 * processes are JVMs of this machine; on a cluster, workers of the members, and every object
 * travels to them by name.
 */
final class SharingSection {
  private SharingSection() {}

  /**
   * Runs the section.
   *
   * @param out where to print
   * @param ctx the context whose processes and objects are used
   * @param times how many increments each racing process makes
   * @throws Exception if a process or an object fails
   */
  static void run(PrintStream out, Context ctx, int times) throws Exception {
    try (MpQueue<Integer> queue = ctx.queue()) {
      ChildProcess producer =
          ctx.process(DemoTasks::produceSquares, queue, 5).name("Producer").start();
      List<Integer> got = new ArrayList<>();
      for (Integer x = queue.get(); x != -1; x = queue.get()) {
        got.add(x);
      }
      producer.join();
      out.printf("   %s put squares on a queue; this JVM got %s%n", producer.name(), got);
      producer.close();
    }
    try (Pipe pipe = ctx.pipe()) {
      ChildProcess child =
          ctx.process(DemoTasks::greetThroughPipe, pipe.conn2()).name("Greeter").start();
      out.printf("   recv(): \"%s\"%n", pipe.conn1().recv());
      child.join();
      child.close();
    }
    for (boolean locked : new boolean[] {false, true}) {
      try (SharedInt value = ctx.sharedInt(0);
          SharedInt startLine = ctx.sharedInt(0, false)) {
        var counters = new DemoTasks.Counters(value, startLine, times);
        List<ChildProcess> adders =
            List.of(
                ctx.process(DemoTasks::addOnes, counters, locked).start(),
                ctx.process(DemoTasks::addOnes, counters, locked).start());
        for (ChildProcess a : adders) {
          a.join();
          a.close();
        }
        out.printf(
            "   2 processes x %,d x 'v.set(v.get() + 1)' %s: %,d%s%n",
            times,
            locked ? "holding v.getLock()" : "without the lock  ",
            value.get(),
            value.get() == 2 * times
                ? " (none lost)"
                : String.format(" (%,d updates lost to the race)", 2 * times - value.get()));
      }
    }
  }
}
