package dev.multiproc.cluster.internal;

import java.io.Serializable;

/**
 * The value of a map entry that every update replaces with a higher {@link #version()}, so that
 * an {@link EntryWatch} can tell a late notification from a fresh one.
 */
interface Versioned extends Serializable {
  /**
   * Returns how many updates made this value: higher is newer.
   *
   * @return the version
   */
  long version();
}
