package dev.multiproc.internal.classes;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * Where the code a process sends comes from, and where the code it receives is looked up.
 *
 * <p>Caller side: while a value is encoded, every class written into it is {@linkplain #record
 * recorded} with its class loader, and so is the encoding thread's context class loader. Those are
 * the loaders the caller then answers a worker's requests from ({@link ClassServer}): the task's
 * own loader (an application loader, Spring Boot's launcher loader, jshell's loader of typed
 * snippets, an isolated loader such as {@code exec:java}'s), and the context loader, for the classes
 * a task only names in its code. Loaders are held weakly, at most {@value #LOADERS_KEPT}: a
 * recorded loader does not keep an undeployed application alive. Recording a known loader again
 * writes nothing: a read of a short array.
 *
 * <p>Worker side: the worker installs its {@link CallerClassLoader} ({@link #useCaller}); a class
 * that decoding cannot find on the worker's own class path is then loaded through it. A worker
 * whose parent serves several callers (a cluster member) is told, before a task, whose it is
 * ({@link #runFor}): it then loads that task's classes through a loader of that caller's own, so
 * that two callers' versions of one class never meet.
 *
 * <p>Such a parent names the loader of each caller's classes ({@link #serveFor}): a worker's
 * request for a caller's class is answered from that loader alone, and so is the decoding of what
 * that caller's tasks return ({@link #decodingFor}).
 *
 * <p>Decoding on either side {@linkplain #resolve falls back} to these loaders when the default
 * resolution (the loader of the library's caller on the stack) does not find a class: a caller
 * thus decodes the results of a task whose classes only its own application loader knows.
 */
public final class ClassSources {
  /** The most loaders kept; the oldest recorded go first. */
  static final int LOADERS_KEPT = 64;

  /**
   * The most callers a worker keeps a loader of, besides its own caller's; the one used least
   * recently goes first (a caller that comes back gets a new loader, which asks again).
   */
  static final int ORIGINS_KEPT = 16;

  private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

  /** Records each class's loader once, the first time the class is written. */
  private static final ClassValue<Boolean> RECORDED =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          recordLoader(type.getClassLoader());
          return Boolean.TRUE;
        }
      };

  /** Most recently added first. */
  private static final CopyOnWriteArrayList<WeakReference<ClassLoader>> LOADERS =
      new CopyOnWriteArrayList<>();

  /**
   * The loader recorded last, so that the common case (the same loader again) is two reads;
   * weakly, so that it does not keep an application that is gone (a redeployed one) loaded.
   */
  private static volatile WeakReference<@Nullable ClassLoader> last = new WeakReference<>(null);

  /** Worker: the loader of the classes of the task being run. */
  private static volatile @Nullable ClassLoader caller;

  /** Worker: the loader of its own caller's classes. */
  private static volatile @Nullable CallerClassLoader ownCaller;

  /** Worker: the loaders of other callers' classes, least recently used first. */
  private static final Map<String, CallerClassLoader> ORIGINS =
      new LinkedHashMap<>(ORIGINS_KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CallerClassLoader> eldest) {
          return size() > ORIGINS_KEPT;
        }
      };

  /** Parent: the loader of each caller's classes, by the caller's name. */
  private static final Map<String, ClassLoader> SERVED = new ConcurrentHashMap<>();

  /** Parent: the caller whose task's result this thread decodes, if one is named. */
  private static final ThreadLocal<@Nullable String> DECODING = new ThreadLocal<>();

  private ClassSources() {}

  /**
   * Records the loader of a class being encoded.
   *
   * @param type the class
   */
  public static void record(Class<?> type) {
    RECORDED.get(type);
  }

  /** Records the calling thread's context class loader: the application's, as a rule. */
  public static void recordContextLoader() {
    recordLoader(Thread.currentThread().getContextClassLoader());
  }

  /**
   * Records a loader the caller answers from.
   *
   * @param loader the loader; the boot and platform loaders are not recorded (every worker has
   *     their classes)
   */
  public static void recordLoader(@Nullable ClassLoader loader) {
    if (loader == null || loader == PLATFORM || last.refersTo(loader)) {
      return;
    }
    last = new WeakReference<>(loader);
    for (WeakReference<ClassLoader> ref : LOADERS) {
      if (ref.get() == loader) {
        return; // known: the common case, a read of a short array
      }
    }
    synchronized (LOADERS) {
      LOADERS.removeIf(
          ref -> {
            ClassLoader l = ref.get();
            return l == null || l == loader;
          });
      LOADERS.addFirst(new WeakReference<>(loader));
      while (LOADERS.size() > LOADERS_KEPT) {
        LOADERS.removeLast();
      }
    }
  }

  /**
   * Returns the recorded loaders, the most recently added first; the system class loader is
   * always among them (last, if it was not recorded).
   *
   * @return the loaders
   */
  public static List<ClassLoader> loaders() {
    List<ClassLoader> loaders = new ArrayList<>(LOADERS.size() + 1);
    for (WeakReference<ClassLoader> ref : LOADERS) {
      ClassLoader loader = ref.get();
      if (loader != null) {
        loaders.add(loader);
      }
    }
    ClassLoader system = ClassLoader.getSystemClassLoader();
    if (!loaders.contains(system)) {
      loaders.add(system);
    }
    return loaders;
  }

  /**
   * Makes this process a worker that loads what it lacks from its caller through {@code loader}.
   *
   * @param loader the worker's loader of its caller's classes
   */
  public static void useCaller(CallerClassLoader loader) {
    synchronized (ORIGINS) {
      ownCaller = loader;
      caller = loader;
      ORIGINS.clear();
    }
  }

  /**
   * Makes the worker load the classes of the tasks that follow from {@code origin}: through a
   * loader of that caller's own (made on first use), or through its own caller's loader.
   *
   * @param origin the caller's name, or null for the worker's own caller
   * @return the loader now used, or null if this process is no such worker
   */
  public static @Nullable ClassLoader runFor(@Nullable String origin) {
    synchronized (ORIGINS) {
      CallerClassLoader own = ownCaller;
      if (own == null) {
        return null;
      }
      ClassLoader loader = origin == null ? own : ORIGINS.computeIfAbsent(origin, own::forOrigin);
      caller = loader;
      return loader;
    }
  }

  /**
   * Answers the requests for {@code origin}'s classes from {@code loader}, and decodes that
   * caller's results with it, until {@link #stopServing}.
   *
   * @param origin the caller's name
   * @param loader the loader of its classes
   */
  public static void serveFor(String origin, ClassLoader loader) {
    SERVED.put(origin, loader);
  }

  /**
   * Forgets the loader of {@code origin}'s classes.
   *
   * @param origin the caller's name
   */
  public static void stopServing(String origin) {
    SERVED.remove(origin);
  }

  /**
   * Returns the loader of {@code origin}'s classes.
   *
   * @param origin the caller's name
   * @return the loader, or null if none is served
   */
  public static @Nullable ClassLoader servedFor(String origin) {
    return SERVED.get(origin);
  }

  /**
   * Makes this thread's decoding find classes in {@code origin}'s loader first, until it is set
   * again.
   *
   * @param origin the caller's name, or null for none
   * @return the caller named before, to restore
   */
  public static @Nullable String decodingFor(@Nullable String origin) {
    String before = DECODING.get();
    if (origin == null) {
      DECODING.remove();
    } else {
      DECODING.set(origin);
    }
    return before;
  }

  /**
   * Returns the worker's loader of its caller's classes, if this process is such a worker.
   *
   * @return the loader, or null
   */
  public static @Nullable ClassLoader caller() {
    return caller;
  }

  /**
   * Finds a class that the default resolution did not: in a worker through its caller, in a
   * caller in the recorded loaders.
   *
   * @param name the binary name
   * @param notFound what the default resolution threw, thrown again if no loader finds the class
   * @return the class
   * @throws ClassNotFoundException if no loader finds it: {@code notFound}, or in a worker the
   *     error that says what the caller answered
   */
  public static Class<?> resolve(String name, ClassNotFoundException notFound)
      throws ClassNotFoundException {
    ClassLoader remote = caller;
    if (remote != null) {
      return Class.forName(name, false, remote);
    }
    String origin = DECODING.get();
    ClassLoader served = origin == null ? null : SERVED.get(origin);
    if (served != null) {
      try {
        return Class.forName(name, false, served);
      } catch (ClassNotFoundException | LinkageError e) {
        // not that caller's: this process's own loaders may have it
      }
    }
    for (ClassLoader loader : loaders()) {
      try {
        return Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        // the next loader may have it
      }
    }
    throw notFound;
  }

  /**
   * Describes a loader for messages: its name, class and identity.
   *
   * @param loader the loader
   * @return the description
   */
  public static String describe(ClassLoader loader) {
    String name = loader.getName();
    return (name == null ? "" : "'" + name + "' ")
        + loader.getClass().getName()
        + "@"
        + Integer.toHexString(System.identityHashCode(loader));
  }
}
