package dev.multiproc.spi;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds where in an object graph a value of a given class sits, so that an encoding error can say
 * "captured arg 0 of the lambda ... is a java.lang.Thread" instead of only the class name. Best
 * effort: reflection that is not permitted is skipped.
 */
final class CaptureFinder {
  private static final int MAX_DEPTH = 6;

  private CaptureFinder() {}

  /**
   * Describes where a value of class {@code className} is found under {@code root}.
   *
   * @param root the graph that failed to encode
   * @param className the class that is not serializable
   * @return a sentence fragment starting with "; ", or "" if it was not found
   */
  static String describe(Object root, @Nullable String className) {
    if (className == null) {
      return "";
    }
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    String path = find(root, className, isInternal(root) ? "" : root.getClass().getName(), seen, 0);
    return path == null ? "" : "; found at " + path;
  }

  private static boolean isInternal(Object node) {
    String name = node.getClass().getName();
    return name.startsWith("dev.multiproc.internal.") || name.startsWith("dev.multiproc.spi.");
  }

  private static String join(String path, String segment) {
    return path.isEmpty() ? segment : path + ", " + segment;
  }

  private static @Nullable String find(
      @Nullable Object node, String className, String path, Set<Object> seen, int depth) {
    if (node == null || depth > MAX_DEPTH || !seen.add(node)) {
      return null;
    }
    if (node.getClass().getName().equals(className)) {
      return path + " = " + shortString(node) + " (" + className + ")";
    }
    SerializedLambda lambda = lambdaOf(node);
    if (lambda != null) {
      String at = depth == 0 ? "" : path;
      at =
          join(
              at,
              "lambda "
                  + lambda.getImplClass().replace('/', '.')
                  + "::"
                  + lambda.getImplMethodName());
      for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
        String found =
            find(lambda.getCapturedArg(i), className, at + ", captured arg " + i, seen, depth + 1);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    if (node instanceof Iterable<?> items) {
      int i = 0;
      for (Object item : items) {
        String found = find(item, className, path + "[" + i++ + "]", seen, depth + 1);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    if (node.getClass().isArray() && !node.getClass().getComponentType().isPrimitive()) {
      Object[] items = (Object[]) node;
      for (int i = 0; i < items.length; i++) {
        String found = find(items[i], className, path + "[" + i + "]", seen, depth + 1);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    if (node.getClass().getName().startsWith("java.")) {
      return null;
    }
    for (Class<?> c = node.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())
            || Modifier.isTransient(f.getModifiers())
            || f.getType().isPrimitive()) {
          continue;
        }
        try {
          f.setAccessible(true);
          String at = isInternal(node) ? path : join(path, "field " + f.getName());
          String found = find(f.get(node), className, at, seen, depth + 1);
          if (found != null) {
            return found;
          }
        } catch (ReflectiveOperationException | RuntimeException e) {
          // not accessible: go on with the other fields
        }
      }
    }
    return null;
  }

  private static @Nullable SerializedLambda lambdaOf(Object node) {
    if (!node.getClass().isSynthetic() && !node.getClass().isHidden()) {
      return null;
    }
    try {
      Method writeReplace = node.getClass().getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      return writeReplace.invoke(node) instanceof SerializedLambda s ? s : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static String shortString(Object value) {
    String s;
    try {
      s = String.valueOf(value);
    } catch (RuntimeException e) {
      s = value.getClass().getName();
    }
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
