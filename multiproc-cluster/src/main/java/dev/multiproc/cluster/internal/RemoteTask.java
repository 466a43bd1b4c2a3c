package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.multiproc.function.ClassFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The one class every member runs: a batch of one task or more, each encoded by the library
 * (function and arguments, as a local pool sends them to a worker), run in the member's own
 * process pool; its result is the batch's encoded replies, one per task in order ({@link
 * Replies#batch}). Hazelcast only ever sees bytes, so no user class needs to be known to
 * Hazelcast's serialization.
 *
 * <p>With a cluster key the batch is signed as one unit, with one number: a member checks the
 * signature and the number once, and refuses the whole batch (every task {@code NOT_RUN}) or
 * runs all of it. One signature per batch costs one HMAC and one number of the member's replay
 * window per hop, however many tasks it carries; and since the signature covers the tasks in
 * order, no task can be taken out of a batch, added to it, or replayed alone.
 */
public final class RemoteTask
    implements Callable<byte[]>, DataSerializable, HazelcastInstanceAware {
  private static final System.Logger LOG = System.getLogger(RemoteTask.class.getName());

  /** The most tasks a batch holds; a longer one is refused as malformed. */
  static final int MAX_TASKS = 4096;

  private List<byte[]> tasks = List.of();
  private long timeoutNanos;
  private long sentMillis;
  private long sequence;
  private String caller = "";

  /** The UUID of the member or client that sent it: its tasks end when the member loses it. */
  private String origin = "";

  /** The task's signature with the cluster key; empty when the sender has no key. */
  private byte[] signature = new byte[0];

  private transient @Nullable HazelcastInstance member;

  /** For Hazelcast's deserialization. */
  public RemoteTask() {}

  /**
   * Creates a batch of one task.
   *
   * @param stamp its timeout, when it is sent and its number among the caller's batches
   * @param key the cluster key to sign it with, or null to send it unsigned
   */
  RemoteTask(
      byte[] task, TaskSignature.Stamp stamp, String caller, String origin, byte @Nullable [] key) {
    this(List.of(task), stamp, caller, origin, key);
  }

  /**
   * Creates the batch a dispatcher sends.
   *
   * @param tasks the tasks' bytes, in the order their replies come back
   * @param stamp each task's timeout, when it is sent and its number among the caller's batches
   * @param key the cluster key to sign it with, or null to send it unsigned
   */
  RemoteTask(
      List<byte[]> tasks,
      TaskSignature.Stamp stamp,
      String caller,
      String origin,
      byte @Nullable [] key) {
    this.tasks = List.copyOf(tasks);
    this.timeoutNanos = stamp.timeoutNanos();
    this.sentMillis = stamp.sentMillis();
    this.sequence = stamp.sequence();
    this.caller = caller;
    this.origin = origin;
    if (key != null) {
      this.signature = TaskSignature.sign(key, stamp, caller, origin, this.tasks);
    }
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.member = instance;
  }

  @Override
  public byte[] call() throws InterruptedException {
    HazelcastInstance hz = member;
    var codec = ClusterClasses.codec(ClassFilter.defaults());
    if (hz == null) {
      return notRun(Replies.notRun("no Hazelcast instance was set on the task", codec));
    }
    byte[] key = TaskSignature.keyOf(hz);
    if (key != null) {
      var stamp = new TaskSignature.Stamp(timeoutNanos, sentMillis, sequence);
      if (!TaskSignature.valid(key, stamp, caller, origin, tasks, signature)) {
        // not a byte of its tasks is decoded: whoever sent it does not hold this cluster's key
        String why = signature.length == 0 ? "it is not signed" : "its signature does not match";
        return refuse(
            hz, why + " with the cluster's key (give every member and client the same key)");
      }
      var guard =
          (ReplayGuard)
              hz.getUserContext().computeIfAbsent(ReplayGuard.KEY, k -> new ReplayGuard());
      String replay = guard.admit(caller, sequence, sentMillis, System.currentTimeMillis());
      if (replay != null) {
        return refuse(hz, replay);
      }
    }
    Object work = hz.getUserContext().get(MemberWork.KEY);
    if (!(work instanceof CompletableFuture<?> ready)) {
      return notRun(
          Replies.notRun(
              "member "
                  + hz.getCluster().getLocalMember().getAddress()
                  + " does not serve work (started with 0 workers)",
              codec));
    }
    try {
      // only while the member is still starting its pool
      var pool = (MemberWork) ready.get(60, TimeUnit.SECONDS);
      long start = System.nanoTime();
      List<byte[]> replies = pool.run(tasks, timeoutNanos, caller, origin);
      return Replies.batch(replies, System.nanoTime() - start);
    } catch (ExecutionException | TimeoutException e) {
      return notRun(
          Replies.notRun(
              "member "
                  + hz.getCluster().getLocalMember().getAddress()
                  + " could not start its workers: "
                  + e,
              codec));
    }
  }

  /** The batch's reply when none of its tasks is run: the same reply for each. */
  private byte[] notRun(byte[] reply) {
    return Replies.batch(Collections.nCopies(tasks.size(), reply), 0);
  }

  /** Logs and answers a task this member does not run; not a byte of it was decoded. */
  private byte[] refuse(HazelcastInstance hz, String why) {
    Object address = hz.getCluster().getLocalMember().getAddress();
    LOG.log(
        System.Logger.Level.WARNING,
        "member {0} refused a batch of {1} tasks from {2}: {3}",
        address,
        tasks.size(),
        origin,
        why);
    return notRun(
        Replies.notRun(
            "member " + address + " refused the task: " + why,
            ClusterClasses.codec(ClassFilter.defaults())));
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(timeoutNanos);
    out.writeLong(sentMillis);
    out.writeLong(sequence);
    out.writeString(caller);
    out.writeString(origin);
    out.writeInt(tasks.size());
    for (byte[] task : tasks) {
      out.writeByteArray(task);
    }
    out.writeByteArray(signature);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    timeoutNanos = in.readLong();
    sentMillis = in.readLong();
    sequence = in.readLong();
    String from = in.readString();
    caller = from == null ? "" : from;
    String sender = in.readString();
    origin = sender == null ? "" : sender;
    int n = in.readInt();
    if (n < 1 || n > MAX_TASKS) {
      throw new IOException("a batch of " + n + " tasks: it holds 1 to " + MAX_TASKS);
    }
    List<byte[]> read = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] bytes = in.readByteArray();
      read.add(bytes == null ? new byte[0] : bytes);
    }
    tasks = read;
    byte[] mac = in.readByteArray();
    signature = mac == null ? new byte[0] : mac;
  }
}
