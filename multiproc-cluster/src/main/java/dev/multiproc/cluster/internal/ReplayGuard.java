package dev.multiproc.cluster.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A member's check that a signed task is not a replay: each caller numbers what it sends (a batch
 * of one task or more, signed as one unit) 1, 2, 3, … and stamps it with its clock, both under the
 * signature; a member runs each number of a caller once, and refuses a batch sent more than {@link
 * #WINDOW_MILLIS} ago or ahead by its own clock.
 *
 * <p>Per caller it keeps the highest number seen and which of the {@link #SPAN} numbers below it
 * were seen (as IPsec's anti-replay window does): a caller's batches reach a member nearly in
 * the order they were numbered (a caller has only a few in flight per member), so a number further
 * below is refused as one it can no longer tell. It forgets a caller once that caller sent
 * nothing for longer than the window: by then any task of its would be refused by its stamp.
 * Memory: about 600 bytes per caller seen within the window.
 *
 * <p>What this needs: the members' and callers' clocks within {@link #WINDOW_MILLIS} of each other
 * (NTP keeps them far closer). What it does not do: a task that reached a member and was lost on
 * the way back is not run again, by design; a caller's {@code RERUN} policy sends a new, renumbered
 * task.
 */
final class ReplayGuard {
  /** The key of a member's guard in its Hazelcast user context. */
  static final String KEY = "dev.multiproc.cluster.replayGuard";

  /** How far a task's stamp may be from the member's clock, either way. */
  static final long WINDOW_MILLIS = TimeUnit.MINUTES.toMillis(5);

  /** How many numbers below the highest a member still tells apart. */
  static final int SPAN = 4096;

  private final Map<String, Seen> byCaller = new HashMap<>();
  private long nextSweepMillis;

  /**
   * Admits a task, or says why not.
   *
   * @param caller the dispatcher that sent it
   * @param sequence its number among that caller's tasks
   * @param sentMillis when it was sent, by the caller's clock
   * @param nowMillis the member's clock
   * @return null when it may run, else why it may not
   */
  synchronized @Nullable String admit(
      String caller, long sequence, long sentMillis, long nowMillis) {
    long age = nowMillis - sentMillis;
    if (Math.abs(age) > WINDOW_MILLIS) {
      return "its stamp is "
          + Math.abs(age)
          + " ms "
          + (age > 0 ? "old" : "ahead of this member's clock")
          + ", more than the "
          + WINDOW_MILLIS
          + " ms a task may be (a replayed task, or clocks that disagree)";
    }
    if (sequence < 1) {
      return "its number " + sequence + " is not a caller's (they start at 1)";
    }
    sweep(nowMillis);
    Seen seen = byCaller.computeIfAbsent(caller, c -> new Seen());
    seen.lastMillis = nowMillis;
    return seen.admit(sequence);
  }

  /** Forgets callers that sent nothing for longer than the window, once a minute at most. */
  private void sweep(long nowMillis) {
    if (nowMillis - nextSweepMillis < 0) {
      return;
    }
    nextSweepMillis = nowMillis + TimeUnit.MINUTES.toMillis(1);
    byCaller.values().removeIf(s -> nowMillis - s.lastMillis > WINDOW_MILLIS);
  }

  /** How many callers it remembers, for tests. */
  synchronized int callers() {
    return byCaller.size();
  }

  /** One caller's numbers: the highest, and a bit per number of the {@link #SPAN} up to it. */
  private static final class Seen {
    private final long[] bits = new long[SPAN / Long.SIZE];
    private long highest;
    private long lastMillis;

    @Nullable String admit(long sequence) {
      if (sequence > highest) {
        long from = Math.max(highest + 1, sequence - SPAN + 1);
        for (long n = from; n <= sequence; n++) {
          clear(n);
        }
        highest = sequence;
        set(sequence);
        return null;
      }
      if (sequence <= highest - SPAN) {
        return "its number "
            + sequence
            + " is more than "
            + SPAN
            + " below its caller's latest, "
            + highest
            + ": too old to tell from a replay";
      }
      if (isSet(sequence)) {
        return "this member already ran its number " + sequence + " of its caller: a replay";
      }
      set(sequence);
      return null;
    }

    private int index(long n) {
      return (int) Math.floorMod(n, (long) SPAN);
    }

    private boolean isSet(long n) {
      int i = index(n);
      return (bits[i >>> 6] & (1L << (i & 63))) != 0;
    }

    private void set(long n) {
      int i = index(n);
      bits[i >>> 6] |= 1L << (i & 63);
    }

    private void clear(long n) {
      int i = index(n);
      bits[i >>> 6] &= ~(1L << (i & 63));
    }
  }
}
