package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.topic.ITopic;
import dev.multiproc.spi.CallerClasses;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Code that ships itself: a member's workers load the classes a caller's tasks need from that
 * caller, so an application's jar need not be on the members.
 *
 * <p>A caller {@linkplain #serve serves} its classes, from its first task, on a topic of its own
 * ({@code multiproc-classes-<uuid>-requests}, its Hazelcast UUID, which every task it sends
 * carries); a member
 * ({@link Fetcher}) asks there for a resource (a class file) by name with a request id, and the
 * caller puts the reply (bytes and their SHA-256, or why there are none) under that
 * id into the member's own reply map, which the member listens to from its start. The member keeps what it got in a
 * {@link ShippedClassLoader} per caller, which it serves that caller's classes from ({@link
 * CallerClasses#serveFor}): a worker runs each task with a loader of that task's caller's only, whose
 * requests the member answers from that caller's loader alone, and the member decodes the task's
 * result with it. So callers that send different versions of a class each run their own.
 *
 * <p>A caller answers only from its own loaders, never from the loaders of classes shipped to it,
 * so a request cannot travel in a circle.
 */
public final class ClassShipping {
  private static final System.Logger LOG = System.getLogger(ClassShipping.class.getName());

  /** The prefix of each member's map of replies; the member's UUID follows. */
  static final String REPLIES = "multiproc-class-replies-";

  /** How long a member waits for a caller's answer. */
  static final long WAIT_SECONDS = 10;

  private ClassShipping() {}

  /** This JVM's instances that serve their classes. */
  private static final Set<HazelcastInstance> SERVING =
      Collections.newSetFromMap(new WeakHashMap<>());

  /**
   * The topic a caller serves its classes on: named as the caller's own objects are, so that it
   * goes with the caller's lease ({@link HzLeases}).
   */
  static String topic(String origin) {
    return "multiproc-classes-" + origin + "-requests";
  }

  /**
   * Serves this JVM's classes to the members that run its tasks, from the first task it sends;
   * once per instance.
   *
   * @param hz this JVM's member or client
   */
  public static void serve(HazelcastInstance hz) {
    synchronized (SERVING) {
      if (!SERVING.add(hz)) {
        return;
      }
    }
    listen(hz);
  }

  private static UUID listen(HazelcastInstance hz) {
    String origin = hz.getLocalEndpoint().getUuid().toString();
    ITopic<String> requests = hz.getTopic(topic(origin));
    return requests.addMessageListener(
        message -> {
          // a request: its id, the member's reply map, the resource's name, a line each
          String[] request = message.getMessageObject().split("\n", 3);
          if (request.length != 3 || !request[1].startsWith(REPLIES)) {
            return; // not a request of ours: nothing is written anywhere for it
          }
          byte[] reply = CallerClasses.answer(request[2], ownLoaders());
          hz.<String, byte[]>getMap(request[1]).set(request[0], reply, 1, TimeUnit.MINUTES);
        });
  }

  /** This JVM's loaders, without those of classes shipped to it. */
  private static List<ClassLoader> ownLoaders() {
    return CallerClasses.loaders().stream()
        .filter(l -> !(l instanceof ShippedClassLoader))
        .toList();
  }

  /**
   * A member's side: asks callers for resources, and takes their replies from a map of its own,
   * which it listens to from its start (one registration for all its requests).
   */
  static final class Fetcher {
    private final HazelcastInstance hz;
    private final String replies;
    private final Map<String, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();

    Fetcher(HazelcastInstance hz) {
      this.hz = hz;
      // named as the member's own objects are: it goes with the member's lease
      this.replies = REPLIES + hz.getLocalEndpoint().getUuid() + "-map";
      hz.<String, byte[]>getMap(replies)
          .addEntryListener(
              (EntryAddedListener<String, byte[]>)
                  e -> {
                    CompletableFuture<byte[]> waiting = pending.get(e.getKey());
                    if (waiting != null) {
                      waiting.complete(e.getValue());
                    }
                  },
              true);
    }

    /**
     * Asks a caller for a resource.
     *
     * @param origin the caller's UUID
     * @param name the resource's name
     * @return the caller's reply, or null if it could not be asked or did not answer in time (so
     *     that a later request asks again)
     */
    CallerClasses.@Nullable Resource fetch(String origin, String name) {
      String id = UUID.randomUUID().toString();
      var answer = new CompletableFuture<byte[]>();
      pending.put(id, answer);
      try {
        hz.<String>getTopic(topic(origin)).publish(id + "\n" + replies + "\n" + name);
        return CallerClasses.read(answer.get(WAIT_SECONDS, TimeUnit.SECONDS));
      } catch (TimeoutException | ExecutionException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "caller {0} did not send {1}: {2}", origin, name, e);
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } finally {
        pending.remove(id);
        try {
          hz.<String, byte[]>getMap(replies).deleteAsync(id);
        } catch (RuntimeException e) {
          // the member is shutting down: the entry expires by itself
        }
      }
    }
  }
}
