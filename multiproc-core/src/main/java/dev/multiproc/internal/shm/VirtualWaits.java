package dev.multiproc.internal.shm;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Futex waits of virtual threads. A virtual thread must not sleep in {@code futex_wait}: the
 * system call pins its carrier, and a JDK 25 machine with two cores has two carriers, so two
 * waiting virtual threads stop every other virtual thread of the JVM, including the one that
 * would wake them (a queue's consumers starve its producers for good).
 *
 * <p>So a virtual thread parks the Java way ({@link LockSupport#parkNanos}), registered on the
 * word, and one platform thread per watched word ({@code multiproc-futex-watch}) sleeps in
 * {@code futex_wait} on its behalf: when the kernel wakes the watcher, or the word no longer
 * holds what a waiter expects, the watcher unparks the waiters, which re-check their state as
 * after any futex return. A wake from this JVM ({@link Futex#wake}) unparks the word's virtual
 * waiters directly. A watcher ends as soon as its word has no waiters left.
 *
 * <pre>
 *   virtual thread                       watcher (platform)            another process
 *   register (word, expected)  ───────►  futex_wait(word, v) ◄──────── futex_wake(word)
 *   re-check word, parkNanos   ◄───────  unpark waiters
 *   deregister, return (caller re-checks)
 * </pre>
 */
final class VirtualWaits {
  /** Watched words by address. */
  private static final ConcurrentHashMap<Long, Watched> WORDS = new ConcurrentHashMap<>();

  /** How long a watcher sleeps in the kernel before it re-checks its waiters. */
  private static final long WATCH_NANOS = Futex.MAX_PARK_NANOS;

  /**
   * At most this many watchers (one per word with virtual waiters); beyond, a virtual waiter
   * polls every {@link #POLL_NANOS} instead: many waiters on one word (a lock, a queue, an
   * event) need one watcher, and only waits on many words at once (conditions, whose waiters
   * each wait on a word of their own) can run out of them.
   */
  private static final int MAX_WATCHERS = 32;

  /** How often an unwatched virtual waiter re-checks. */
  private static final long POLL_NANOS = 1_000_000;

  /** Running watchers. */
  private static final AtomicInteger WATCHERS = new AtomicInteger();

  private VirtualWaits() {}

  private record Waiter(Thread thread, int expected) {}

  /** One word and the virtual threads waiting on it; {@code watching} guarded by WORDS. */
  private static final class Watched {
    final MemorySegment memory;
    final long offset;
    final long address;
    final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    volatile boolean watching;

    Watched(MemorySegment memory, long offset) {
      this.memory = memory;
      this.offset = offset;
      this.address = memory.address() + offset;
    }
  }

  /**
   * Parks the calling virtual thread while any of {@code words} holds its expected value, at most
   * {@code nanos}. Returns early on a wake or a change; spurious returns are possible.
   *
   * @param words the words and their expected values
   * @param nanos how long at most
   */
  static void await(List<Futex.Word> words, long nanos) {
    Waiter me = new Waiter(Thread.currentThread(), 0);
    Watched[] watched = new Watched[words.size()];
    Waiter[] registered = new Waiter[words.size()];
    boolean allWatched = true;
    try {
      for (int i = 0; i < words.size(); i++) {
        Futex.Word w = words.get(i);
        registered[i] = new Waiter(me.thread(), w.expected());
        watched[i] = register(w.memory(), w.offset(), registered[i]);
        allWatched &= watched[i].watching;
        if (Memory.getIntVolatile(w.memory(), w.offset()) != w.expected()) {
          return; // changed before we could park: the caller re-checks
        }
      }
      LockSupport.parkNanos(allWatched ? nanos : Math.min(nanos, POLL_NANOS));
    } finally {
      for (int i = 0; i < watched.length; i++) {
        if (watched[i] != null) {
          deregister(watched[i], registered[i]);
        }
      }
    }
  }

  /** Removes a waiter; an unwatched word without waiters is dropped (a watcher drops its own). */
  private static void deregister(Watched w, Waiter waiter) {
    w.waiters.remove(waiter);
    if (!w.watching && w.waiters.isEmpty()) {
      WORDS.compute(
          w.address,
          (address, current) ->
              current == w && !w.watching && w.waiters.isEmpty() ? null : current);
    }
  }

  /**
   * Unparks the virtual threads of this JVM waiting on the word at {@code address}.
   *
   * @param address the word's address
   */
  static void wakeLocal(long address) {
    Watched w = WORDS.get(address);
    if (w != null) {
      for (Waiter x : w.waiters) {
        LockSupport.unpark(x.thread());
      }
    }
  }

  private static Watched register(MemorySegment memory, long offset, Waiter waiter) {
    Watched[] start = new Watched[1];
    Watched w =
        WORDS.compute(
            memory.address() + offset,
            (address, current) -> {
              Watched word = current != null ? current : new Watched(memory, offset);
              word.waiters.add(waiter);
              if (!word.watching
                  && WATCHERS.getAndUpdate(n -> n < MAX_WATCHERS ? n + 1 : n) < MAX_WATCHERS) {
                word.watching = true;
                start[0] = word;
              }
              return word;
            });
    if (start[0] != null) {
      Watched word = start[0];
      Thread.ofPlatform()
          .daemon()
          .name("multiproc-futex-watch")
          .start(
              () -> {
                try {
                  watch(word);
                } catch (RuntimeException | Error e) {
                  // its memory went away under it: its waiters poll from now on
                  WORDS.computeIfPresent(
                      word.address,
                      (address, current) -> {
                        if (current == word && word.watching) {
                          word.watching = false;
                          WATCHERS.decrementAndGet();
                        }
                        return current;
                      });
                  wakeLocal(word.address);
                }
              });
    }
    return w;
  }

  /** The watcher's loop: ends, and drops the word, once no waiter is left. */
  private static void watch(Watched w) {
    while (true) {
      boolean[] done = new boolean[1];
      WORDS.compute(
          w.address,
          (address, current) -> {
            if (current == w && w.waiters.isEmpty()) {
              w.watching = false;
              WATCHERS.decrementAndGet();
              done[0] = true;
              return null;
            }
            return current;
          });
      if (done[0]) {
        return;
      }
      int value = Memory.getIntVolatile(w.memory, w.offset);
      for (Waiter x : w.waiters) {
        if (x.expected() != value) {
          LockSupport.unpark(x.thread());
        }
      }
      long start = System.nanoTime();
      Futex.kernelAwait(w.memory, w.offset, value, WATCH_NANOS);
      if (System.nanoTime() - start < WATCH_NANOS / 2) {
        // woken (or the word changed): let every waiter re-check
        for (Waiter x : w.waiters) {
          LockSupport.unpark(x.thread());
        }
      }
    }
  }
}
