package dev.multiproc.cluster.internal;

import dev.multiproc.spi.Deadlines;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The cluster listener that wakes one object's waiters in this JVM: registered at the first wait
 * that needs it ({@link #listen}), removed by {@link #close()}. An object that is only used
 * without waiting costs no listener.
 *
 * <p>A registration goes to every member, and one that is unreachable holds it until the cluster
 * removes that member; so a waiter waits for the registration until its own deadline at most,
 * and then tries the object without it (its tries are bounded as well: {@link
 * ClusterCalls#callBy}). A registration that ends later still takes effect, and runs {@code
 * registered} then, so that the waiters look again for a change they may have missed.
 */
final class WaitListener {
  private final Supplier<UUID> add;
  private final Consumer<UUID> remove;
  private final Runnable registered;
  private @Nullable UUID listener;

  /** The registration while it is under way. */
  private @Nullable CompletableFuture<UUID> registering;

  private boolean closed;

  /**
   * A listener, not registered yet.
   *
   * @param add registers the listener (a cluster call) and returns its id
   * @param remove removes it by its id (a cluster call)
   * @param registered runs once the listener is in place (on the registering thread)
   */
  WaitListener(Supplier<UUID> add, Consumer<UUID> remove, Runnable registered) {
    this.add = add;
    this.remove = remove;
    this.registered = registered;
  }

  /**
   * Registers the listener, once, before a wait, and waits for it until {@code deadline} at most
   * (an interrupt does not cut the wait short, as with any cluster call: it is kept for later).
   *
   * @param deadline a {@link Deadlines} deadline; {@link Deadlines#NEVER} waits to the end
   * @throws RuntimeException why the registration failed
   */
  void listen(long deadline) {
    CompletableFuture<UUID> r;
    synchronized (this) {
      if (listener != null || closed) {
        return;
      }
      if (registering == null) {
        registering = register();
      }
      r = registering;
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (deadline == Deadlines.NEVER) {
            r.get();
          } else {
            r.get(Math.max(0, Deadlines.left(deadline)), TimeUnit.NANOSECONDS);
          }
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (TimeoutException e) {
          return; // it goes on; the wait tries the object without it meanwhile
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException failure) {
            throw failure;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Whether the listener is in place, so that what it told of is current.
   *
   * @return true once registered, until closed
   */
  synchronized boolean listening() {
    return listener != null;
  }

  /** Starts the registration on a thread of its own (nobody interrupts it). */
  private CompletableFuture<UUID> register() {
    var r = new CompletableFuture<UUID>();
    Thread.ofVirtual()
        .name("multiproc-listen")
        .start(
            () -> {
              try {
                UUID id = add.get();
                registered(r, id);
                r.complete(id);
              } catch (Throwable t) {
                registered(r, null);
                r.completeExceptionally(t);
              }
            });
    return r;
  }

  /** Keeps a registration that ended ({@code id} null if it failed), or removes it if closed. */
  private void registered(CompletableFuture<UUID> r, @Nullable UUID id) {
    boolean keep;
    synchronized (this) {
      if (registering == r) {
        registering = null;
      }
      keep = id != null && !closed;
      if (keep) {
        listener = id;
      }
    }
    if (id == null) {
      return;
    }
    if (keep) {
      registered.run(); // a change before it was in place is not missed: the waiters look again
    } else {
      removeQuietly(id);
    }
  }

  /** Removes the listener, if it is in place; one still being registered goes when it is. */
  void close() {
    UUID id;
    synchronized (this) {
      closed = true;
      id = listener;
      listener = null;
    }
    if (id != null) {
      removeQuietly(id);
    }
  }

  private void removeQuietly(UUID id) {
    try {
      ClusterCalls.run(() -> remove.accept(id));
    } catch (RuntimeException e) {
      // the object was destroyed, or the cluster is out of reach: the listener went with it
    }
  }
}
