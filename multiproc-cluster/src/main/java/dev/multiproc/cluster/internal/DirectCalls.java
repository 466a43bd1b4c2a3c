package dev.multiproc.cluster.internal;

import com.hazelcast.client.HazelcastClientNotActiveException;
import com.hazelcast.client.impl.clientside.HazelcastClientInstanceImpl;
import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.client.impl.protocol.ClientMessage;
import com.hazelcast.client.impl.protocol.codec.MapTryLockCodec;
import com.hazelcast.client.impl.protocol.codec.MapUnlockCodec;
import com.hazelcast.client.impl.protocol.codec.QueueOfferCodec;
import com.hazelcast.client.impl.protocol.codec.QueuePollCodec;
import com.hazelcast.client.impl.spi.impl.ClientInvocation;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.partition.strategy.StringPartitioningStrategy;
import dev.multiproc.spi.Deadlines;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The non-blocking queue and lock calls of a client, made on the caller's own thread: each is the
 * one request Hazelcast's own proxy sends for it, to the same member, and the caller waits for its
 * answer through interrupts, as {@link ClusterCalls} does, but without a thread of its own.
 *
 * <p>Why not the proxy on the caller's thread: a client's proxy gives up waiting when the caller
 * is interrupted, while its request goes on in the cluster (an item is taken, a lock granted, for
 * no one); {@link ClusterCalls} avoids that with a thread per call, which costs a hand-off each
 * way. Here the request's future is Hazelcast's, the answer completes a future of the caller's
 * from the thread that reads it, and the caller waits on that one: an interrupt neither fails nor
 * abandons the call, and a call with a deadline is given up as {@link ClusterCalls#awaitBy} gives
 * up, its late answer undone on a thread of its own.
 *
 * <p>A member has none ({@link #of} returns null): its calls go through {@link ClusterCalls}.
 */
final class DirectCalls {
  private final HazelcastClientProxy proxy;

  private DirectCalls(HazelcastClientProxy proxy) {
    this.proxy = proxy;
  }

  /**
   * Returns the direct calls of {@code hz}, if it is a client.
   *
   * @param hz a member or client
   * @return its direct calls, or null for a member
   */
  static @Nullable DirectCalls of(HazelcastInstance hz) {
    return hz instanceof HazelcastClientProxy p ? new DirectCalls(p) : null;
  }

  private HazelcastClientInstanceImpl client() {
    HazelcastClientInstanceImpl c = proxy.client;
    if (c == null || !c.getLifecycleService().isRunning()) {
      throw new HazelcastClientNotActiveException();
    }
    return c;
  }

  /**
   * Returns a key as Hazelcast sends it; its partition follows from it.
   *
   * @param key a map key
   * @return its serialized form
   */
  Data key(Object key) {
    return client().getSerializationService().toData(key);
  }

  /**
   * Returns the key whose partition holds the structure {@code name} (a queue), as its proxy
   * finds it.
   *
   * @param name the structure's name
   * @return its partition key, serialized
   */
  Data partitionKey(String name) {
    return key(StringPartitioningStrategy.getPartitionKey(name));
  }

  /**
   * {@code offer(item)} on the queue {@code name}.
   *
   * @param name the queue
   * @param where its {@link #partitionKey}
   * @param item the item's bytes
   * @param deadline a {@link Deadlines} deadline; {@link Deadlines#NEVER} waits to the end
   * @param what the call, for the message when the cluster does not answer in time
   * @return whether it went in
   */
  boolean offer(String name, Data where, byte[] item, long deadline, String what) {
    HazelcastClientInstanceImpl c = client();
    Data bytes = c.getSerializationService().toData(item);
    return call(
        c,
        QueueOfferCodec.encodeRequest(name, bytes, 0),
        name,
        where,
        QueueOfferCodec::decodeResponse,
        put -> {}, // a put that goes in after its caller gave up stays, as a network's may
        deadline,
        what);
  }

  /**
   * {@code poll()} on the queue {@code name}.
   *
   * @param name the queue
   * @param where its {@link #partitionKey}
   * @param giveBack receives an item taken after the caller gave up
   * @param deadline a {@link Deadlines} deadline; {@link Deadlines#NEVER} waits to the end
   * @param what the call, for the message when the cluster does not answer in time
   * @return the item's bytes, or null if the queue was empty
   */
  byte @Nullable [] poll(
      String name, Data where, Consumer<byte @Nullable []> giveBack, long deadline, String what) {
    HazelcastClientInstanceImpl c = client();
    return call(
        c,
        QueuePollCodec.encodeRequest(name, 0),
        name,
        where,
        m -> c.getSerializationService().<byte[]>toObject(QueuePollCodec.decodeResponse(m)),
        giveBack,
        deadline,
        what);
  }

  /**
   * {@code tryLock(key)} on the map {@code name} as the thread {@code threadId}, as the map's
   * proxy sends it (no lease, no wait).
   *
   * @param name the map
   * @param key the key, serialized ({@link #key})
   * @param threadId the holder's thread id in the cluster
   * @param late receives a lock granted after the caller gave up
   * @param deadline a {@link Deadlines} deadline; {@link Deadlines#NEVER} waits to the end
   * @param what the call, for the message when the cluster does not answer in time
   * @return whether it was taken
   */
  boolean tryLock(
      String name, Data key, long threadId, Consumer<Boolean> late, long deadline, String what) {
    HazelcastClientInstanceImpl c = client();
    long reference = c.getLockReferenceIdGenerator().getNextReferenceId();
    return call(
        c,
        MapTryLockCodec.encodeRequest(name, key, threadId, -1, 0, reference),
        name,
        key,
        MapTryLockCodec::decodeResponse,
        late,
        deadline,
        what);
  }

  /**
   * {@code unlock(key)} on the map {@code name} as the thread {@code threadId}, waiting to the
   * end.
   *
   * @param name the map
   * @param key the key, serialized ({@link #key})
   * @param threadId the holder's thread id in the cluster
   * @param what the call, for messages
   * @throws IllegalMonitorStateException if that thread does not hold it
   */
  void unlock(String name, Data key, long threadId, String what) {
    HazelcastClientInstanceImpl c = client();
    long reference = c.getLockReferenceIdGenerator().getNextReferenceId();
    call(
        c,
        MapUnlockCodec.encodeRequest(name, key, threadId, reference),
        name,
        key,
        m -> Boolean.TRUE,
        done -> {},
        Deadlines.NEVER,
        what);
  }

  /**
   * Sends {@code request} to the member that owns the partition of {@code where} and waits for
   * the answer, decoded, through interrupts, until {@code deadline} and {@link
   * dev.multiproc.cluster.ClusterUnreachableException#BOUND_SECONDS} more.
   */
  private static <T> T call(
      HazelcastClientInstanceImpl c,
      ClientMessage request,
      String name,
      Data where,
      Function<ClientMessage, T> decode,
      Consumer<? super T> late,
      long deadline,
      String what) {
    var answer = new CompletableFuture<T>();
    try {
      int partition = c.getClientPartitionService().getPartitionId(where);
      new ClientInvocation(c, request, name, partition)
          .invoke()
          .whenCompleteAsync(
              (message, failure) -> {
                if (failure != null) {
                  answer.completeExceptionally(HzGuard.unreachable(unwrap(failure), name, what));
                  return;
                }
                T value;
                try {
                  value = decode.apply(message);
                } catch (RuntimeException | Error e) {
                  answer.completeExceptionally(e);
                  return;
                }
                if (!answer.complete(value)) {
                  // the caller gave up: undo on a thread of its own, not Hazelcast's
                  Thread.ofVirtual().name("multiproc-late-answer").start(() -> late.accept(value));
                }
              },
              Runnable::run);
    } catch (RuntimeException e) {
      answer.completeExceptionally(HzGuard.unreachable(e, name, what));
    }
    return ClusterCalls.awaitBy(answer, deadline, what);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable cause = t.getCause();
    return (t instanceof CompletionException || t instanceof ExecutionException) && cause != null
        ? cause
        : t;
  }
}
