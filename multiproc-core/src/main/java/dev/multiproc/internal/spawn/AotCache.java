package dev.multiproc.internal.spawn;

import java.util.List;

/** JDK 25 AOT cache for worker JVMs; no flags until a cache is available. */
final class AotCache {
  private AotCache() {}

  static List<String> flags() {
    return List.of();
  }
}
