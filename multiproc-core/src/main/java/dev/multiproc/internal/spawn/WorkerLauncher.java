package dev.multiproc.internal.spawn;

import dev.multiproc.internal.jfr.JfrEvents;
import dev.multiproc.internal.jfr.WorkerStarted;
import dev.multiproc.internal.shm.ResourceTracker;
import dev.multiproc.internal.transport.Frame;
import dev.multiproc.internal.transport.FrameChannel;
import dev.multiproc.internal.transport.SocketFrameChannel;
import dev.multiproc.process.JvmOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Starts worker JVMs and waits until each has connected back and proved itself.
 *
 * <pre>
 *   parent                                         worker JVM
 *   bind dir/wN.sock (0700 dir, known to the resource tracker before it was made)
 *   start setsid setpriv java @args WorkerMain dir/wN.sock ppid ─►  main()
 *   (on the spawner thread; register the worker's process group with the tracker)
 *   write key + '\n' to its stdin ─────────────►   read key; stdin stays open: the lifeline
 *   accept  ◄──────────────────────────────────    connect dir/wN.sock
 *           ◄──────── HELLO(pid, key) ─────────    send
 *   check pid and key, delete dir/wN.sock
 * </pre>
 *
 * <p>A connection is the worker's only once its HELLO has the worker's pid and the key: any other
 * process of this user may connect first (with garbage, a wrong greeting, or nothing), and is
 * logged, closed and waited past, until the worker comes, exits or runs out of time.
 */
public final class WorkerLauncher {
  /** How long a worker may take to connect back before it is killed. */
  static final long CONNECT_TIMEOUT_MS = 60_000;

  /**
   * How long a process that connected to a rendezvous socket may take to send its HELLO; a worker
   * sends it at once.
   */
  static final long HELLO_TIMEOUT_MS = 10_000;

  private static final System.Logger LOG = System.getLogger("dev.multiproc.spawn");

  /** How long a failed start waits for the last of the worker's stderr. */
  private static final long PUMP_JOIN_MS = 2_000;

  private WorkerLauncher() {}

  /**
   * Starts one worker JVM and blocks until it is connected.
   *
   * @param options how to start it
   * @return the connected worker, not yet configured
   * @throws IOException if it cannot be started or does not connect in time
   */
  public static Worker launch(JvmOptions options) throws IOException {
    return launch(options, false);
  }

  /**
   * Starts one worker JVM and blocks until it is connected.
   *
   * @param options how to start it
   * @param spare whether it is a spare, which warms up while it waits for a job
   * @return the connected worker, not yet configured
   * @throws IOException if it cannot be started or does not connect in time, and for any
   *     unexpected error on the way: a start that goes wrong always fails as a start, which its
   *     callers handle
   */
  public static Worker launch(JvmOptions options, boolean spare) throws IOException {
    try {
      return start(options, spare);
    } catch (RuntimeException e) {
      throw new IOException("starting a worker JVM failed: " + e, e);
    }
  }

  private static Worker start(JvmOptions options, boolean spare) throws IOException {
    SpawnDirectory dir = SpawnDirectory.get();
    Path socket = dir.newSocketPath();
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket), 1);
      JvmCommand.Built built = JvmCommand.build(options, socket);
      List<String> command = new ArrayList<>(built.command());
      if (spare) {
        command.add(WorkerMain.SPARE_FLAG);
      }
      ProcessBuilder builder = new ProcessBuilder(command);
      boolean inheritOut = ChildOutput.inheritStdout();
      if (inheritOut) {
        builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
      }
      Map<String, String> env = builder.environment();
      env.putAll(options.environment());
      // whatever the worker's tasks start inherits it: the tracker finds them by it
      env.put(ResourceTracker.FAMILY_ENV, ResourceTracker.directory().toString());
      WorkerStarted started = JfrEvents.beginWorker();
      long startNanos = System.nanoTime();
      Process process = LiveWorkers.launch(builder);
      ResourceTracker.registerGroup(process.pid());
      var stderr = new StartFailure.Tail(process.getErrorStream());
      Thread errPump = OutputPump.start(stderr, () -> System.err, "multiproc-err-" + process.pid());
      List<Thread> pumps =
          inheritOut
              ? List.of(errPump)
              : List.of(
                  errPump,
                  OutputPump.start(
                      process.getInputStream(),
                      () -> System.out,
                      "multiproc-out-" + process.pid()));
      try {
        try {
          OutputStream stdin = process.getOutputStream();
          stdin.write((dir.key() + "\n").getBytes(StandardCharsets.US_ASCII));
          stdin.flush();
        } catch (IOException e) {
          // it died before it read its key: accept() says why
        }
        FrameChannel channel =
            accept(
                server,
                process,
                dir.key(),
                () -> {
                  joinQuietly(errPump); // the last of its stderr
                  return StartFailure.message(
                      process.pid(),
                      process.isAlive() ? null : process.exitValue(),
                      CONNECT_TIMEOUT_MS,
                      stderr.text(),
                      command,
                      built.argFile(),
                      built.jvmArgs());
                });
        JfrEvents.workerStarted(started, process.pid(), spare);
        process
            .onExit()
            .thenAccept(
                p ->
                    JfrEvents.workerExited(p.pid(), p.exitValue(), System.nanoTime() - startNanos));
        return LiveWorkers.add(new Worker(process, channel, options, pumps, inheritOut));
      } catch (IOException | RuntimeException e) {
        process.destroyForcibly();
        throw e;
      } finally {
        LiveWorkers.startEnded(process);
      }
    } finally {
      Files.deleteIfExists(socket);
    }
  }

  /**
   * Accepts connections until one proves to be {@code process} (a HELLO with its pid and the
   * parent's key), or the process exits, or {@link #CONNECT_TIMEOUT_MS} passes. Anyone who can
   * reach the socket may connect first: a connection is taken for the worker only once it has
   * proved itself; any other is logged, closed and the wait goes on.
   */
  private static FrameChannel accept(
      ServerSocketChannel server, Process process, String key, Supplier<String> failure)
      throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS);
    // Closing the server socket unblocks accept() if the child dies or takes too long.
    var watchdog =
        process
            .onExit()
            .orTimeout(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .whenComplete((p, e) -> closeQuietly(server));
    try {
      while (true) {
        SocketChannel ch;
        try {
          ch = server.accept();
        } catch (IOException e) {
          throw new IOException(failure.get(), e);
        }
        var channel = new SocketFrameChannel(ch);
        String refused = authenticate(channel, process, key, deadline);
        if (refused == null) {
          return channel;
        }
        channel.close();
        LOG.log(
            System.Logger.Level.WARNING,
            "refused a connection to the rendezvous socket of "
                + "worker pid="
                + process.pid()
                + " ("
                + server.getLocalAddress()
                + "): "
                + refused
                + "; still waiting for the worker");
      }
    } finally {
      watchdog.cancel(false);
    }
  }

  /**
   * Reads the HELLO of a process that connected, within {@link #HELLO_TIMEOUT_MS} (and the start's
   * deadline): a peer that sends nothing is closed when the time is up.
   *
   * @return null if it is {@code process} with the parent's key, else why it is not
   */
  private static @Nullable String authenticate(
      SocketFrameChannel channel, Process process, String key, long deadline) {
    long left =
        Math.max(
            1,
            Math.min(
                TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()), HELLO_TIMEOUT_MS));
    var timer = new CompletableFuture<Void>().orTimeout(left, TimeUnit.MILLISECONDS);
    timer.whenComplete(
        (v, e) -> {
          if (e != null) {
            channel.close();
          }
        });
    Frame hello;
    try {
      hello = channel.receive(Frame.HELLO_MAX_PAYLOAD);
    } catch (IOException | RuntimeException e) {
      return timer.complete(null)
          ? "its greeting is not a worker's: " + e
          : "it sent no greeting within " + left + " ms";
    }
    if (!timer.complete(null)) {
      return "it sent no greeting within " + left + " ms";
    }
    byte[] expected = key.getBytes(StandardCharsets.US_ASCII);
    if (hello.kind() != Frame.Kind.HELLO) {
      return "it sent a " + hello.kind() + " frame, not HELLO";
    }
    if (hello.id() != process.pid()) {
      return "it says it is pid=" + hello.id() + ", not the worker's pid=" + process.pid();
    }
    if (!MessageDigest.isEqual(expected, hello.payload())) {
      return "pid=" + hello.id() + " did not present this parent's key";
    }
    return null;
  }

  /** Waits a little for a pump to copy the last of a dead worker's output. */
  private static void joinQuietly(Thread pump) {
    try {
      pump.join(PUMP_JOIN_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(ServerSocketChannel server) {
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
