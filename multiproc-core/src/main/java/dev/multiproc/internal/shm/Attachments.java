package dev.multiproc.internal.shm;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's mappings of library objects' segments, one per segment however many copies of
 * the object arrive (a lock passed with each of a thousand tasks is mapped once). A mapping is
 * dropped when no copy uses it any more, and its entry here with it (at the next attach), so a
 * long-lived worker that receives many objects does not keep a name for each.
 */
final class Attachments {
  private static final ConcurrentHashMap<String, Mapping> MAPPED = new ConcurrentHashMap<>();
  private static final ReferenceQueue<Segment> DROPPED = new ReferenceQueue<>();

  private Attachments() {}

  /** A weak reference that knows the name it is filed under. */
  private static final class Mapping extends WeakReference<Segment> {
    final String name;

    Mapping(String name, Segment segment) {
      super(segment, DROPPED);
      this.name = name;
    }
  }

  static Segment attach(String name) {
    forgetDropped();
    while (true) {
      Mapping ref = MAPPED.get(name);
      Segment s = ref == null ? null : ref.get();
      if (s != null) {
        return s;
      }
      Segment fresh = Segment.attach(name, Segment.Lifetime.COLLECTED);
      Mapping mine = new Mapping(name, fresh);
      if (ref == null ? MAPPED.putIfAbsent(name, mine) == null : MAPPED.replace(name, ref, mine)) {
        return fresh;
      }
      fresh.close();
    }
  }

  /** Removes the entries of mappings the collector dropped. */
  private static void forgetDropped() {
    for (Reference<? extends Segment> r; (r = DROPPED.poll()) != null; ) {
      Mapping m = (Mapping) r;
      MAPPED.remove(m.name, m);
    }
  }

  /** The number of names filed, for tests. */
  static int size() {
    forgetDropped();
    return MAPPED.size();
  }
}
