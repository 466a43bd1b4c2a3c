package dev.multiproc.cluster;

import org.jspecify.annotations.Nullable;

/**
 * The cluster member running a task left, died or could not be reached before it answered. Only
 * the tasks that member held fail (unless the pool re-runs them: {@link MemberLoss#RERUN}); the
 * pool goes on with the other members. The task may or may not have run, in part or whole.
 */
public final class MemberLostException extends RuntimeException {
  @java.io.Serial private static final long serialVersionUID = 1L;

  /** The lost member's address, {@code host:port}. */
  private final String member;

  /**
   * Creates the exception.
   *
   * @param member the lost member's address, {@code host:port}
   * @param cause what the cluster reported, or null
   */
  public MemberLostException(String member, @Nullable Throwable cause) {
    super(
        "cluster member "
            + member
            + " left or died before the task answered"
            + (cause == null ? "" : ": " + cause),
        cause);
    this.member = member;
  }

  /**
   * Returns the lost member's address.
   *
   * @return {@code host:port}
   */
  public String member() {
    return member;
  }
}
