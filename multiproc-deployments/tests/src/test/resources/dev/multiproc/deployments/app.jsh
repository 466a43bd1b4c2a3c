// The application's work typed at jshell's prompt: a lambda, a method reference to a class
// declared here, and a child process whose target is a lambda typed here, sending records of a
// type declared here through a queue. It prints the same RESULT line as the application, and
// exits 0 only if it got there.
import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.ipc.MpQueue;
import dev.multiproc.pool.Pool;
import dev.multiproc.process.ChildProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

int status = 1;

record Made(Object value, long pid) implements java.io.Serializable {
  static Made here(Object value) {
    return new Made(value, ProcessHandle.current().pid());
  }
}

class Squares {
  static Made square(int x) {
    return Made.here(x * x);
  }
}

Context mp = Multiprocessing.local();

try (MpQueue<Made> queue = mp.queue()) {
  var pids = new TreeSet<Long>();
  int factor = 10;
  ChildProcess child = mp.process(q -> {
    for (int i = 0; i < 3; i++) {
      q.add(Made.here("part-" + i));
    }
  }, queue).start();
  List<Made> lambda;
  List<Made> ref;
  try (Pool pool = mp.pool(2)) {
    lambda = pool.map(x -> Made.here(x * factor + 1), List.of(1, 2, 3));
    ref = pool.map(Squares::square, List.of(1, 2, 3));
  }
  var parts = new ArrayList<Made>();
  for (int i = 0; i < 3; i++) {
    parts.add(queue.get(Duration.ofSeconds(60)));
  }
  child.join();
  if (child.exitCode().orElse(-1) != 0) {
    throw new IllegalStateException("the child exited with " + child.exitCode());
  }
  child.close();
  lambda.forEach(m -> pids.add(m.pid()));
  ref.forEach(m -> pids.add(m.pid()));
  parts.forEach(m -> pids.add(m.pid()));
  System.out.println("RESULT lambda=" + lambda.stream().map(Made::value).toList()
      + " ref=" + ref.stream().map(Made::value).toList()
      + " queue=" + parts.stream().map(Made::value).toList()
      + " elsewhere=" + !pids.contains(ProcessHandle.current().pid()));
  status = 0;
}

/exit status
