package dev.multiproc.contract;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.manager.Manager;
import dev.multiproc.testing.NoLeaksExtension;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@link ContextContract} where it applies to a manager: the queues and the synchronization
 * objects are a manager's proxies (the manager runs in its own JVM), while processes, pools,
 * pipes and shared values, which a manager does not make, come from the local context.
 */
@ExtendWith(NoLeaksExtension.class)
class ManagerContractTest extends ContextContract {
  /** What a manager makes, with the same arguments as the context's methods. */
  private static final Set<String> FROM_MANAGER =
      Set.of("joinableQueue", "lock", "rLock", "semaphore", "boundedSemaphore", "event");

  private Manager manager;
  private Context ctx;

  @Override
  Context ctx() {
    if (ctx == null) {
      manager = Multiprocessing.local().manager();
      Context local = Multiprocessing.local();
      ctx =
          (Context)
              Proxy.newProxyInstance(
                  Context.class.getClassLoader(),
                  new Class<?>[] {Context.class},
                  (proxy, method, args) -> {
                    try {
                      if (fromManager(method)) {
                        Method m =
                            Manager.class.getMethod(method.getName(), method.getParameterTypes());
                        return m.invoke(manager, args);
                      }
                      return method.invoke(local, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
    }
    return ctx;
  }

  /** The manager makes queues (all but the unbounded default's overload) and the sync objects. */
  private static boolean fromManager(Method method) {
    String name = method.getName();
    if (name.equals("queue") && method.getParameterCount() == 1) {
      return true;
    }
    if (name.equals("barrier")) {
      return method.getParameterCount() == 1;
    }
    if (name.equals("condition")) {
      return true; // over its own lock, or over a lock the manager made
    }
    return FROM_MANAGER.contains(name)
        && method.getParameterCount() <= 1
        && !(name.equals("joinableQueue") && method.getParameterCount() == 1);
  }

  @Override
  boolean isolated() {
    return true;
  }

  @AfterAll
  void stopManager() {
    if (manager != null) {
      manager.close();
    }
  }
}
