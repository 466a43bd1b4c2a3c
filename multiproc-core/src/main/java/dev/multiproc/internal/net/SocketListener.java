package dev.multiproc.internal.net;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.internal.shm.ResourceTracker;
import dev.multiproc.internal.spawn.SpawnDirectory;
import dev.multiproc.ipc.Connection;
import dev.multiproc.ipc.ConnectionClosedException;
import dev.multiproc.ipc.Listener;
import dev.multiproc.spi.TaggedCodec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Listener} on a Unix-domain or TCP {@link ServerSocketChannel}: Python's {@code
 * multiprocessing.connection.Listener}.
 *
 * <p>With no address it binds a fresh socket file in this process's private (0700) socket
 * directory. Every socket file it binds is registered with the {@link ResourceTracker} and
 * removed (and unregistered) by {@link #close()}, so none is left behind even if the process is
 * killed.
 *
 * <p>{@link #accept} returns a connection only once its {@link Handshake} has passed: no user
 * message flows to or from a client that did not authenticate. Handshakes run concurrently, each
 * on a virtual thread of its own and bounded by {@link Handshake#TIMEOUT}, so a client that
 * connects and says nothing (or says it slowly) delays no other client. At most 64 run at once;
 * further clients wait in the kernel's backlog (4096, or the system's {@code somaxconn} if lower)
 * until one ends. A finished handshake
 * waits for the next {@code accept}; its failure is what that {@code accept} throws.
 *
 * <p>Concurrency: {@link #accept} is for one thread at a time (others wait); {@link #close} may be
 * called from any thread, ends a waiting {@code accept} with {@link ConnectionClosedException},
 * and ends the handshakes under way.
 */
public final class SocketListener implements Listener, Serializable {
  @Serial private static final long serialVersionUID = 1L;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** How many clients may be in their handshake at once. */
  static final int MAX_PENDING_HANDSHAKES = 64;

  /** The listen backlog asked for (the kernel caps it at {@code net.core.somaxconn}). */
  static final int BACKLOG = 4096;

  private final transient ServerSocketChannel server;
  private final transient Selector selector;
  private final transient SocketAddress address;
  private final transient @Nullable Path socketFile;
  private final transient byte @Nullable [] key;
  private final transient TaggedCodec codec;
  private final transient Object acceptLock = new Object();
  private transient volatile @Nullable SocketAddress lastAccepted;
  private transient volatile boolean closed;

  /** Guards the three fields below; handshake threads report to it. */
  private final transient Object handshakes = new Object();

  /** Finished handshakes not yet returned by accept. */
  private final transient ArrayDeque<Outcome> finished = new ArrayDeque<>();

  /** The channels of the handshakes under way, closed if the listener closes first. */
  private final transient Set<FramedChannel> underWay = new HashSet<>();

  /** Handshakes started and not finished (counts those still setting up their channel). */
  private transient int running;

  /** A finished handshake: the connection and its peer, or why it failed. */
  private record Outcome(
      @Nullable Connection connection,
      @Nullable SocketAddress peer,
      @Nullable RuntimeException failure) {}

  private SocketListener(
      ServerSocketChannel server,
      Selector selector,
      SocketAddress address,
      @Nullable Path socketFile,
      byte @Nullable [] key,
      ClassFilter filter) {
    this.server = server;
    this.selector = selector;
    this.address = address;
    this.socketFile = socketFile;
    this.key = key;
    this.codec = new TaggedCodec(filter);
  }

  /**
   * Binds a listener.
   *
   * @param address a {@link UnixDomainSocketAddress} or {@link InetSocketAddress} (port 0: any
   *     free port), or null for a fresh socket file in a private directory
   * @param authKey the key clients must prove they hold, or null for no authentication
   * @param filter the classes {@link Connection#recv} may decode
   * @return the listener, ready to accept
   * @throws IllegalArgumentException if the address type is not supported or the key is empty
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static SocketListener open(
      @Nullable SocketAddress address, byte @Nullable [] authKey, ClassFilter filter) {
    byte[] key = checkKey(authKey);
    SocketAddress bindTo =
        address != null
            ? address
            : UnixDomainSocketAddress.of(
                SpawnDirectory.get()
                    .path()
                    .resolve("listener-" + HexFormat.of().formatHex(randomBytes()) + ".sock"));
    ServerSocketChannel server = null;
    Selector selector = null;
    @Nullable Path file = null;
    try {
      if (bindTo instanceof UnixDomainSocketAddress) {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      } else if (bindTo instanceof InetSocketAddress inet) {
        if (inet.isUnresolved()) {
          throw new IllegalArgumentException(
              "cannot listen on " + inet + ": the host name does not resolve");
        }
        server =
            ServerSocketChannel.open(
                inet.getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET);
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      } else {
        throw new IllegalArgumentException(
            "unsupported address "
                + bindTo
                + " of class "
                + bindTo.getClass().getName()
                + ": use a UnixDomainSocketAddress or an "
                + "InetSocketAddress");
      }
      try {
        server.bind(bindTo, BACKLOG);
      } catch (BindException e) {
        throw new UncheckedIOException(
            "cannot listen on "
                + describe(bindTo)
                + ": "
                + e.getMessage()
                + (bindTo instanceof UnixDomainSocketAddress
                    ? " (a file exists at that path: a socket left by another listener?)"
                    : ""),
            e);
      }
      file = bindTo instanceof UnixDomainSocketAddress unix ? unix.getPath() : null;
      if (file != null) {
        track(file, true);
      }
      server.configureBlocking(false);
      selector = Selector.open();
      server.register(selector, SelectionKey.OP_ACCEPT);
      return new SocketListener(server, selector, server.getLocalAddress(), file, key, filter);
    } catch (IOException e) {
      closeQuietly(server, selector);
      removeFile(file);
      throw new UncheckedIOException("cannot listen on " + describe(bindTo) + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(server, selector);
      removeFile(file);
      throw e;
    }
  }

  /**
   * Registers or unregisters a socket file with the resource tracker. The tracker's log is an
   * interruptible file channel that an interrupted writer would close for the whole process, so
   * the interrupt status is set aside for the write and restored after.
   */
  private static void track(Path file, boolean created) {
    boolean interrupted = Thread.interrupted();
    try {
      if (created) {
        ResourceTracker.register(file);
      } else {
        ResourceTracker.unregister(file);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void removeFile(@Nullable Path file) {
    if (file == null) {
      return;
    }
    try {
      if (Files.deleteIfExists(file)) {
        track(file, false);
      }
    } catch (IOException | RuntimeException e) {
      // the resource tracker removes it when the family ends
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /**
   * Checks and copies an auth key.
   *
   * @param authKey the key or null
   * @return a copy, or null
   * @throws IllegalArgumentException if it is empty
   */
  static byte @Nullable [] checkKey(byte @Nullable [] authKey) {
    if (authKey != null && authKey.length == 0) {
      throw new IllegalArgumentException(
          "authKey must not be empty: pass null for no authentication");
    }
    return authKey == null ? null : authKey.clone();
  }

  static String describe(SocketAddress address) {
    return address instanceof UnixDomainSocketAddress unix
        ? unix.getPath().toString()
        : address.toString();
  }

  /* --------------- accepting --------------- */

  @Override
  public Connection accept() {
    return accept(FramedChannel.NEVER).orElseThrow();
  }

  @Override
  public Optional<Connection> accept(Duration timeout) {
    long deadline =
        timeout.compareTo(Duration.ofDays(365)) > 0
            ? FramedChannel.NEVER
            : System.nanoTime() + Math.max(0, timeout.toNanos());
    return accept(deadline);
  }

  private Optional<Connection> accept(long deadline) {
    synchronized (acceptLock) {
      try {
        while (true) {
          ensureOpen();
          Outcome done = nextFinished();
          if (done != null) {
            return deliver(done);
          }
          startHandshakes();
          long left = deadline - System.nanoTime();
          boolean timedOut = deadline != FramedChannel.NEVER && left <= 0;
          if (timedOut && runningHandshakes() == 0) {
            return Optional.empty();
          }
          // past the deadline, a client that connected in time is still authenticated (each
          // handshake has its own bound), as a handshake on this thread would have been
          SelectionKey key = server.keyFor(selector);
          key.interestOps(
              timedOut || runningHandshakes() >= MAX_PENDING_HANDSHAKES
                  ? 0
                  : SelectionKey.OP_ACCEPT);
          if (deadline == FramedChannel.NEVER || timedOut) {
            selector.select(timedOut ? Handshake.TIMEOUT.toMillis() : 0);
          } else {
            selector.select(Math.max(1, (left + 999_999) / 1_000_000));
          }
          selector.selectedKeys().clear();
          if (Thread.currentThread().isInterrupted()) {
            throw new UncheckedIOException(
                new InterruptedIOException(
                    "interrupted while waiting for a client on " + describe(address)));
          }
        }
      } catch (ClosedChannelException
          | ClosedSelectorException
          | java.nio.channels.CancelledKeyException e) {
        throw closedException();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot accept on " + describe(address) + ": " + e, e);
      }
    }
  }

  private Optional<Connection> deliver(Outcome done) {
    RuntimeException failure = done.failure();
    if (failure != null) {
      throw failure;
    }
    lastAccepted = done.peer();
    return Optional.of(Objects.requireNonNull(done.connection()));
  }

  private @Nullable Outcome nextFinished() {
    synchronized (handshakes) {
      return finished.poll();
    }
  }

  private int runningHandshakes() {
    synchronized (handshakes) {
      return running;
    }
  }

  /** Takes every client waiting in the backlog, up to the cap, each into a handshake thread. */
  private void startHandshakes() throws IOException {
    while (runningHandshakes() < MAX_PENDING_HANDSHAKES) {
      SocketChannel channel = server.accept();
      if (channel == null) {
        return;
      }
      synchronized (handshakes) {
        running++;
      }
      Thread.ofVirtual().name("multiproc-handshake").start(() -> handshake(channel));
    }
  }

  /** Runs on its own virtual thread: one client's handshake, reported to {@link #accept}. */
  private void handshake(SocketChannel channel) {
    FramedChannel framed = null;
    Outcome outcome;
    try {
      SocketAddress peer = channel.getRemoteAddress();
      if (peer instanceof InetSocketAddress) {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      String peerName =
          peer instanceof InetSocketAddress ? "client " + peer : "a client of " + describe(address);
      framed = new FramedChannel(channel, peerName);
      synchronized (handshakes) {
        if (closed) {
          throw closedException();
        }
        underWay.add(framed);
      }
      Handshake.asListener(framed, key, Handshake.TIMEOUT);
      outcome = new Outcome(new SocketConnection(framed, codec), peer, null);
    } catch (IOException e) {
      outcome =
          new Outcome(
              null,
              null,
              new UncheckedIOException(
                  "cannot set up the connection accepted on " + describe(address) + ": " + e, e));
    } catch (RuntimeException e) { // AuthenticationException among them
      outcome = new Outcome(null, null, closed ? closedException() : e);
    } catch (Error e) { // the slot and the channel are given back all the same
      outcome =
          new Outcome(
              null,
              null,
              new IllegalStateException(
                  "the handshake with a client of " + describe(address) + " failed: " + e, e));
    }
    boolean queued = false;
    synchronized (handshakes) {
      running--;
      if (framed != null) {
        underWay.remove(framed);
      }
      if (!closed) {
        finished.add(outcome);
        queued = true;
      }
    }
    if (!queued || outcome.connection() == null) { // a failure, or the listener closed meanwhile
      if (framed != null) {
        framed.close();
      } else {
        closeQuietly(channel, null);
      }
    }
    selector.wakeup();
  }

  private void ensureOpen() {
    if (closed) {
      throw closedException();
    }
  }

  private ConnectionClosedException closedException() {
    return new ConnectionClosedException("the listener on " + describe(address) + " is closed");
  }

  /* --------------- state --------------- */

  @Override
  public SocketAddress address() {
    return address;
  }

  @Override
  public Optional<SocketAddress> lastAccepted() {
    return Optional.ofNullable(lastAccepted);
  }

  @Override
  public void close() {
    List<FramedChannel> toClose = new ArrayList<>();
    synchronized (handshakes) {
      if (closed) {
        return;
      }
      closed = true;
      toClose.addAll(underWay);
      underWay.clear();
      for (Outcome o : finished) {
        if (o.connection() != null) {
          o.connection().close(); // finished, but never accepted
        }
      }
      finished.clear();
    }
    selector.wakeup();
    closeQuietly(server, selector);
    toClose.forEach(FramedChannel::close); // their handshakes end at once
    removeFile(socketFile);
  }

  private static void closeQuietly(
      java.nio.channels.@Nullable Channel channel, @Nullable Selector selector) {
    try {
      if (channel != null) {
        channel.close();
      }
      if (selector != null) {
        selector.close();
      }
    } catch (IOException e) {
      // nothing left to do
    }
  }

  @Override
  public String toString() {
    return "Listener["
        + describe(address)
        + (key != null ? ", authenticated" : "")
        + (closed ? ", closed]" : "]");
  }

  @Serial
  private Object writeReplace() throws ObjectStreamException {
    throw new NotSerializableException(
        SocketListener.class.getName()
            + " (a listener belongs to the process that opened it: pass its address() and the auth"
            + " key to the other process instead, and call Client.connect there)");
  }

  @Serial
  private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
    throw new java.io.InvalidObjectException("a listener cannot be deserialized");
  }
}
