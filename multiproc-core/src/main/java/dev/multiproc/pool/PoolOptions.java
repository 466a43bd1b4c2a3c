package dev.multiproc.pool;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.function.SerializableRunnable;
import dev.multiproc.process.JvmOptions;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link Pool} or {@link ProcessPoolExecutor} starts, feeds and retires its workers.
 *
 * @param processes number of worker processes, at least 1. Python: {@code processes}
 * @param maxTasksPerChild tasks a worker runs before it is replaced by a fresh one; 0 means no
 *     limit. Python: {@code Pool(maxtasksperchild=...)}
 * @param initializer run once in each worker before its first task, or null. Python: {@code
 *     initializer}; a lambda that captures its arguments replaces {@code initargs}. If it throws
 *     or ends its worker, the pool is broken ({@link BrokenPoolException}); a task's timeout
 *     counts from the end of the initializer
 * @param taskTimeout how long one task may run before its worker is killed and the task fails with
 *     {@link TaskTimeoutException}; {@link Duration#ZERO} means no limit
 * @param jvm how worker JVMs are started: heap, system properties, flags, environment
 * @param classFilter which classes may be decoded in workers and from results
 * @param progress whether {@code map} and its kin show their progress; {@link Progress#off()} by
 *     default
 * @param freshWorkers whether every worker must be a JVM that no pool used before and that no
 *     pool uses after; false by default, when a closed pool's idle workers wait, up to a minute,
 *     for the next pool with the same {@code jvm} options (see {@link Pool#close()} for what a
 *     reused worker keeps). A pool with an {@code initializer} or a {@code maxTasksPerChild} limit
 *     always has fresh workers
 */
public record PoolOptions(
    int processes,
    int maxTasksPerChild,
    @Nullable SerializableRunnable initializer,
    Duration taskTimeout,
    JvmOptions jvm,
    ClassFilter classFilter,
    Progress progress,
    boolean freshWorkers) {

  /**
   * Creates options after checking each value.
   *
   * @throws IllegalArgumentException if {@code processes < 1}, {@code maxTasksPerChild < 0} or
   *     {@code taskTimeout} is negative
   */
  public PoolOptions {
    Objects.requireNonNull(taskTimeout, "taskTimeout");
    Objects.requireNonNull(jvm, "jvm");
    Objects.requireNonNull(classFilter, "classFilter");
    Objects.requireNonNull(progress, "progress");
    if (processes < 1) {
      throw new IllegalArgumentException("processes must be at least 1: processes=" + processes);
    }
    if (maxTasksPerChild < 0) {
      throw new IllegalArgumentException(
          "maxTasksPerChild must not be negative: maxTasksPerChild=" + maxTasksPerChild);
    }
    if (taskTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "taskTimeout must not be negative: taskTimeout=" + taskTimeout);
    }
  }

  /**
   * Creates options whose workers may be reused.
   *
   * @param processes number of worker processes, at least 1
   * @param maxTasksPerChild tasks a worker runs before it is replaced; 0 means no limit
   * @param initializer run once in each worker before its first task, or null
   * @param taskTimeout how long one task may run; {@link Duration#ZERO} means no limit
   * @param jvm how worker JVMs are started
   * @param classFilter which classes may be decoded in workers and from results
   * @param progress whether and where to show progress
   * @throws IllegalArgumentException if {@code processes < 1}, {@code maxTasksPerChild < 0} or
   *     {@code taskTimeout} is negative
   */
  public PoolOptions(
      int processes,
      int maxTasksPerChild,
      @Nullable SerializableRunnable initializer,
      Duration taskTimeout,
      JvmOptions jvm,
      ClassFilter classFilter,
      Progress progress) {
    this(processes, maxTasksPerChild, initializer, taskTimeout, jvm, classFilter, progress, false);
  }

  /**
   * Creates options without progress.
   *
   * @param processes number of worker processes, at least 1
   * @param maxTasksPerChild tasks a worker runs before it is replaced; 0 means no limit
   * @param initializer run once in each worker before its first task, or null
   * @param taskTimeout how long one task may run; {@link Duration#ZERO} means no limit
   * @param jvm how worker JVMs are started
   * @param classFilter which classes may be decoded in workers and from results
   * @throws IllegalArgumentException if {@code processes < 1}, {@code maxTasksPerChild < 0} or
   *     {@code taskTimeout} is negative
   */
  public PoolOptions(
      int processes,
      int maxTasksPerChild,
      @Nullable SerializableRunnable initializer,
      Duration taskTimeout,
      JvmOptions jvm,
      ClassFilter classFilter) {
    this(
        processes,
        maxTasksPerChild,
        initializer,
        taskTimeout,
        jvm,
        classFilter,
        Progress.off(),
        false);
  }

  /**
   * Returns the defaults for {@code processes} workers: no task limit, no initializer, no timeout,
   * default JVM options and class filter.
   *
   * @param processes number of worker processes
   * @return the options
   * @throws IllegalArgumentException if {@code processes < 1}
   */
  public static PoolOptions of(int processes) {
    return new PoolOptions(
        processes, 0, null, Duration.ZERO, JvmOptions.defaults(), ClassFilter.defaults());
  }

  /**
   * Returns the defaults with one worker per available processor. Python: {@code Pool()}.
   *
   * @return the options
   */
  public static PoolOptions ofAvailableProcessors() {
    return of(Runtime.getRuntime().availableProcessors());
  }

  /**
   * Returns a copy with {@code processes} workers.
   *
   * @param processes number of worker processes
   * @return the copy
   */
  public PoolOptions withProcesses(int processes) {
    return new PoolOptions(
        processes,
        maxTasksPerChild,
        initializer,
        taskTimeout,
        jvm,
        classFilter,
        progress,
        freshWorkers);
  }

  /**
   * Returns a copy whose workers are replaced after {@code maxTasksPerChild} tasks.
   *
   * @param maxTasksPerChild the limit; 0 for none
   * @return the copy
   */
  public PoolOptions withMaxTasksPerChild(int maxTasksPerChild) {
    return new PoolOptions(
        processes,
        maxTasksPerChild,
        initializer,
        taskTimeout,
        jvm,
        classFilter,
        progress,
        freshWorkers);
  }

  /**
   * Returns a copy with an initializer.
   *
   * @param initializer run once in each worker before its first task
   * @return the copy
   */
  public PoolOptions withInitializer(SerializableRunnable initializer) {
    return new PoolOptions(
        processes,
        maxTasksPerChild,
        Objects.requireNonNull(initializer),
        taskTimeout,
        jvm,
        classFilter,
        progress,
        freshWorkers);
  }

  /**
   * Returns a copy with a per-task timeout.
   *
   * @param taskTimeout the deadline of each task; zero for none
   * @return the copy
   */
  public PoolOptions withTaskTimeout(Duration taskTimeout) {
    return new PoolOptions(
        processes,
        maxTasksPerChild,
        initializer,
        taskTimeout,
        jvm,
        classFilter,
        progress,
        freshWorkers);
  }

  /**
   * Returns a copy whose workers start with {@code jvm}.
   *
   * @param jvm the JVM options
   * @return the copy
   */
  public PoolOptions withJvm(JvmOptions jvm) {
    return new PoolOptions(
        processes,
        maxTasksPerChild,
        initializer,
        taskTimeout,
        jvm,
        classFilter,
        progress,
        freshWorkers);
  }

  /**
   * Returns a copy that decodes only what {@code classFilter} allows.
   *
   * @param classFilter the filter
   * @return the copy
   */
  public PoolOptions withClassFilter(ClassFilter classFilter) {
    return new PoolOptions(
        processes,
        maxTasksPerChild,
        initializer,
        taskTimeout,
        jvm,
        classFilter,
        progress,
        freshWorkers);
  }

  /**
   * Returns a copy that shows (or not) the progress of {@code map}, {@code imap}, {@code
   * imapUnordered} and {@code starmap} on standard error: {@link Progress#on()} or {@link
   * Progress#off()}.
   *
   * @param progress whether to show progress
   * @return the copy
   */
  public PoolOptions withProgress(boolean progress) {
    return withProgress(progress ? Progress.on() : Progress.off());
  }

  /**
   * Returns a copy that shows progress as {@code progress} says.
   *
   * @param progress where and how to show progress
   * @return the copy
   */
  public PoolOptions withProgress(Progress progress) {
    return new PoolOptions(
        processes,
        maxTasksPerChild,
        initializer,
        taskTimeout,
        jvm,
        classFilter,
        Objects.requireNonNull(progress, "progress"),
        freshWorkers);
  }

  /**
   * Returns a copy whose workers are fresh JVMs (or not): none ran another pool's tasks, and none
   * is kept for another pool when this one closes. Use it when tasks leave state behind in a
   * worker (static fields, system properties, threads) that the next pool must not see.
   *
   * @param freshWorkers whether every worker must be fresh
   * @return the copy
   */
  public PoolOptions withFreshWorkers(boolean freshWorkers) {
    return new PoolOptions(
        processes,
        maxTasksPerChild,
        initializer,
        taskTimeout,
        jvm,
        classFilter,
        progress,
        freshWorkers);
  }

  /**
   * Returns whether this pool's workers may come from a closed pool and go to the next one: not
   * {@link #freshWorkers()}, no initializer, no {@code maxTasksPerChild} limit.
   *
   * @return whether workers are reused
   */
  public boolean reusesWorkers() {
    return !freshWorkers && initializer == null && maxTasksPerChild == 0;
  }
}
