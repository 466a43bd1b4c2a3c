package com.example.launcher;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs an application's {@code main} from a class loader of its own, as {@code mvn exec:java} and
 * other in-process launchers do: a {@link URLClassLoader} over the application's jars whose parent
 * is the platform class loader, set as the thread's context class loader. The application and its
 * libraries are not on {@code java.class.path}, which holds only this launcher.
 *
 * <p>Usage: {@code IsolatedLauncher <class path> <main class> [args...]}, the class path separated
 * by {@link File#pathSeparator}.
 */
public final class IsolatedLauncher {
  private IsolatedLauncher() {}

  /**
   * Loads the main class from a new class loader over the given class path and runs its {@code
   * main} on this thread.
   *
   * @param args the class path, the main class, then the application's arguments
   * @throws Throwable whatever the application's {@code main} throws
   */
  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      throw new IllegalArgumentException(
          "usage: IsolatedLauncher <class path> <main class> [args...], got "
              + Arrays.toString(args));
    }
    String[] entries = args[0].split(File.pathSeparator);
    URL[] urls = new URL[entries.length];
    for (int i = 0; i < entries.length; i++) {
      urls[i] = url(entries[i]);
    }
    URLClassLoader loader =
        new URLClassLoader("application", urls, ClassLoader.getPlatformClassLoader());
    Thread.currentThread().setContextClassLoader(loader);
    Class<?> mainClass = Class.forName(args[1], true, loader);
    Method main = mainClass.getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static URL url(String entry) throws MalformedURLException {
    return Path.of(entry).toAbsolutePath().toUri().toURL();
  }
}
