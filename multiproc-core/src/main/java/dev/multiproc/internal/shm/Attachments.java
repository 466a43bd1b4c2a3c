package dev.multiproc.internal.shm;

import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's mappings of library objects' segments, one per segment however many copies of
 * the object arrive (a lock passed with each of a thousand tasks is mapped once). A mapping is
 * dropped when no copy uses it any more.
 */
final class Attachments {
  private static final ConcurrentHashMap<String, WeakReference<Segment>> MAPPED =
      new ConcurrentHashMap<>();

  private Attachments() {}

  static Segment attach(String name) {
    while (true) {
      WeakReference<Segment> ref = MAPPED.get(name);
      Segment s = ref == null ? null : ref.get();
      if (s != null) {
        return s;
      }
      Segment fresh = Segment.attach(name, Segment.Lifetime.COLLECTED);
      WeakReference<Segment> mine = new WeakReference<>(fresh);
      if (ref == null ? MAPPED.putIfAbsent(name, mine) == null : MAPPED.replace(name, ref, mine)) {
        return fresh;
      }
      fresh.close();
    }
  }
}
