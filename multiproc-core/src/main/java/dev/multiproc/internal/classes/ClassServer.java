package dev.multiproc.internal.classes;

import dev.multiproc.internal.transport.Frame;
import dev.multiproc.internal.transport.FrameChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The caller's side of the class channel: answers a worker's {@link Frame.Kind#CLASS_REQUEST}
 * from the loaders this process {@linkplain ClassSources recorded}, with {@link
 * ClassLoader#getResourceAsStream}, which every loader serves (a URL loader, Spring Boot's
 * launcher loader, jshell's loader of typed snippets).
 *
 * <p>It answers on the thread that reads the worker's frames, and only on a channel whose worker
 * has authenticated itself (its HELLO carried this process's key): the same peer that is sent the
 * tasks. Answering reads a resource and sends one frame; it never waits for the worker, so it
 * cannot deadlock with the worker's requests.
 */
public final class ClassServer {
  /** The longest resource name answered. */
  static final int MAX_NAME = 4096;

  private ClassServer() {}

  /**
   * Answers one request on {@code channel}: from this process's loaders, or for an {@link
   * Frame.Kind#ORIGIN_CLASS_REQUEST} from the loader it {@linkplain ClassSources#serveFor serves}
   * that caller's classes from.
   *
   * @param request the worker's {@link Frame.Kind#CLASS_REQUEST} or {@link
   *     Frame.Kind#ORIGIN_CLASS_REQUEST}
   * @param channel the channel to that worker
   * @throws IOException if the worker is gone
   */
  public static void answer(Frame request, FrameChannel channel) throws IOException {
    channel.send(new Frame(Frame.Kind.CLASS_REPLY, request.id(), reply(request).encode()));
  }

  /**
   * Reads worker frames on {@code channel} until it closes, answering class requests: the reader
   * of a channel whose worker sends nothing else (a child process).
   *
   * @param channel the channel to the worker
   */
  public static void serve(FrameChannel channel) {
    try {
      while (true) {
        Frame frame = channel.receive();
        if (frame.kind() != Frame.Kind.CLASS_REQUEST) {
          return; // a child sends nothing else: a broken peer loses its channel to us
        }
        answer(frame, channel);
      }
    } catch (IOException | RuntimeException e) {
      // the worker ended, or its channel was closed: nothing more to answer
    }
  }

  static ClassReply reply(Frame request) {
    byte[] payload = request.payload();
    if (payload.length == 0 || payload.length > MAX_NAME) {
      return ClassReply.missing("a resource name of " + payload.length + " bytes");
    }
    String text = new String(payload, StandardCharsets.UTF_8);
    if (request.kind() != Frame.Kind.ORIGIN_CLASS_REQUEST) {
      return find(text);
    }
    int newline = text.indexOf('\n');
    if (newline < 0) {
      return ClassReply.missing("a request for a caller's class without a newline: " + text);
    }
    String origin = text.substring(0, newline);
    ClassLoader loader = ClassSources.servedFor(origin);
    if (loader == null) {
      return ClassReply.missing(
          "process " + ProcessHandle.current().pid() + " serves no classes of caller " + origin);
    }
    return find(text.substring(newline + 1), List.of(loader));
  }

  /**
   * Finds a resource (a class file, as {@code com/example/Task.class}) in the loaders this
   * process recorded: what a worker, or a peer that serves this process's tasks, is answered.
   *
   * @param name the resource's name
   * @return the resource's bytes, or why there are none
   */
  public static ClassReply find(String name) {
    return find(name, ClassSources.loaders());
  }

  /**
   * Finds a resource as {@link #find(String)} does, in the loaders given.
   *
   * @param name the resource's name
   * @param loaders where to look, in order
   * @return the resource's bytes, or why there are none
   */
  public static ClassReply find(String name, List<ClassLoader> loaders) {
    if (name.isEmpty() || name.length() > MAX_NAME) {
      return ClassReply.missing("a resource name of " + name.length() + " characters");
    }
    for (ClassLoader loader : loaders) {
      byte[] bytes = read(loader, name);
      if (bytes != null) {
        return ClassReply.found(bytes);
      }
    }
    // a loader that makes classes on demand serves a class file only once it made the class
    // (java's source launcher compiles a program's other files when they are first loaded):
    // load the class, without initializing it, and ask again
    String binaryName = binaryName(name);
    for (ClassLoader loader : binaryName == null ? List.<ClassLoader>of() : loaders) {
      try {
        if (Class.forName(binaryName, false, loader).getClassLoader() == loader) {
          byte[] bytes = read(loader, name);
          if (bytes != null) {
            return ClassReply.found(bytes);
          }
        }
      } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
        // not this loader's
      }
    }
    return ClassReply.missing(
        "the caller (pid "
            + ProcessHandle.current().pid()
            + ") has no "
            + name
            + " in its class loaders "
            + loaders.stream().map(ClassSources::describe).toList());
  }

  private static byte @Nullable [] read(ClassLoader loader, String name) {
    try (InputStream in = loader.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      return null; // unreadable in this loader: the next may have it
    }
  }

  /** The binary name of a class file's resource name, or null when it names no class. */
  private static @Nullable String binaryName(String resource) {
    if (!resource.endsWith(".class") || resource.startsWith("/") || resource.contains("..")) {
      return null;
    }
    String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
    return name.isEmpty() || name.startsWith("java.") ? null : name;
  }
}
