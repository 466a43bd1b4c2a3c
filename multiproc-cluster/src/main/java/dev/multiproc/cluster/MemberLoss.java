package dev.multiproc.cluster;

/** What a cluster pool does with the tasks a member held when that member leaves or dies. */
public enum MemberLoss {
  /** Fail them with {@link MemberLostException}; the default, safe for any task. */
  FAIL,
  /**
   * Run them again on another member. Only for idempotent tasks: a task may have run, in part or
   * whole, on the member that was lost, and runs again from the start.
   */
  RERUN
}
