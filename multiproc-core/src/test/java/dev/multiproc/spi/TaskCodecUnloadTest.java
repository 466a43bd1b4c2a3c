package dev.multiproc.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.Multiprocessing;
import dev.multiproc.function.ClassFilter;
import dev.multiproc.function.SerializableFunction;
import dev.multiproc.pool.Pool;
import dev.multiproc.testing.NoLeaksExtension;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The caller's cache of encoded functions does not keep their classes loaded: an application
 * whose loader goes (a redeployed web app, a restarted Spring Boot devtools context, a jshell
 * session's snippets) can be unloaded after it used a pool.
 */
@ExtendWith(NoLeaksExtension.class)
class TaskCodecUnloadTest {
  /** A class of lambdas that capture nothing, the kind whose bytes the codec caches. */
  public static final class Functions {
    private Functions() {}

    /**
     * Returns a function that adds one.
     *
     * @return the function
     */
    public static SerializableFunction<Object, Object> increment() {
      return x -> (Integer) x + 1;
    }
  }

  /** Loads {@link Functions} itself, so that it is a class of this loader's alone. */
  private static final class OwnLoader extends ClassLoader {
    OwnLoader() {
      super(TaskCodecUnloadTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.equals(Functions.class.getName())) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded != null) {
          return loaded;
        }
        String file = name.replace('.', '/') + ".class";
        try (InputStream in = Objects.requireNonNull(getParent().getResourceAsStream(file), file)) {
          byte[] bytes = in.readAllBytes();
          return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
          throw new ClassNotFoundException(name, e);
        }
      }
    }
  }

  @Test
  void aFunctionsLoader_isCollectedAfterItsFunctionWasEncoded() throws Exception {
    var codec = new TaskCodec(new TaggedCodec(ClassFilter.defaults()));
    assertCollected(encodeWithOwnLoader(codec));
  }

  @Test
  void aFunctionsLoader_isCollectedAfterAPoolRanIt() throws Exception {
    assertCollected(runInPool());
  }

  private static void assertCollected(WeakReference<ClassLoader> loader) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (loader.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.onSpinWait();
    }
    assertTrue(loader.refersTo(null), "the function's loader is still reachable");
  }

  /** Runs a function of a class of a loader of its own in a pool; returns the loader. */
  @SuppressWarnings("unchecked")
  private static WeakReference<ClassLoader> runInPool() throws Exception {
    var own = new OwnLoader();
    Class<?> functions = own.loadClass(Functions.class.getName());
    var f = (SerializableFunction<Object, Object>) functions.getMethod("increment").invoke(null);
    try (Pool pool = Multiprocessing.local().pool(1)) {
      assertEquals(2, pool.apply(f, 1));
      assertEquals(List.of(2, 3, 4), pool.map(f, List.of(1, 2, 3)));
    }
    return new WeakReference<>(own);
  }

  @Test
  void aFunctionsBytes_areTheSameEveryTime() {
    var codec = new TaskCodec(new TaggedCodec(ClassFilter.defaults()));
    SerializableFunction<Object, Object> f = Functions.increment();
    assertArrayEquals(codec.encode(new Tasks.Apply(f, 1)), codec.encode(new Tasks.Apply(f, 1)));
  }

  /** Encodes a task of a function of a class loaded by a loader of its own; returns the loader. */
  @SuppressWarnings("unchecked")
  private static WeakReference<ClassLoader> encodeWithOwnLoader(TaskCodec codec) throws Exception {
    var own = new OwnLoader();
    Class<?> functions = own.loadClass(Functions.class.getName());
    var f = (SerializableFunction<Object, Object>) functions.getMethod("increment").invoke(null);
    codec.encode(new Tasks.Apply(f, 1));
    codec.encode(new Tasks.Apply(f, 2)); // the second from the cache
    return new WeakReference<>(own);
  }
}
