package dev.multiproc.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** The four messages a process pool sends. */
public final class Payloads {
  public static final List<String> NAMES = List.of("task", "result", "chunk", "exception");

  private Payloads() {}

  /** A capturing lambda: captures {@code offset}. */
  public static SerializableFunction<Integer, Integer> adder(int offset) {
    return x -> x + offset;
  }

  public static Integer square(Integer x) {
    return x * x;
  }

  public static Object byName(String name) {
    return switch (name) {
      case "task" -> new Call(1L, adder(42), 7);
      case "result" -> new Result(1L, 49);
      case "value" -> 49; // what a multiproc RESULT frame carries: the bare value
      case "list" ->
          new java.util.ArrayList<>(
              java.util.stream.IntStream.range(0, 1000)
                  .boxed()
                  .toList()); // a chunk's arguments or results
      case "chunk" -> {
        List<Integer> items = new ArrayList<>(1000);
        for (int i = 0; i < 1000; i++) {
          items.add(i);
        }
        yield new Call(2L, (SerializableFunction<Integer, Integer>) Payloads::square, items);
      }
      case "exception" -> new Result(3L, deterministicException());
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** Thrown 20 frames deep on a fresh thread so the stack trace (size) does not depend on caller. */
  static IllegalStateException deterministicException() {
    AtomicReference<IllegalStateException> ref = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                recurse(20);
              } catch (IllegalStateException e) {
                ref.set(e);
              }
            });
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      throw new RuntimeException(e);
    }
    return ref.get();
  }

  private static void recurse(int depth) {
    if (depth == 0) {
      throw new IllegalStateException("boom");
    }
    recurse(depth - 1);
  }

  /** Throws if {@code copy} is not a faithful copy of payload {@code name}. */
  @SuppressWarnings("unchecked")
  public static void verify(String name, Object original, Object copy) {
    switch (name) {
      case "task", "chunk" -> {
        Call a = (Call) original, b = (Call) copy;
        check(a.id() == b.id(), "id");
        Function<Integer, Integer> fa = (Function<Integer, Integer>) a.fn();
        Function<Integer, Integer> fb = (Function<Integer, Integer>) b.fn();
        if (a.arg() instanceof List<?> la) {
          List<Integer> lb = (List<Integer>) b.arg();
          check(la.equals(lb), "list");
          check(fb.apply(lb.get(999)).equals(fa.apply((Integer) la.get(999))), "fn(list)");
        } else {
          check(a.arg().equals(b.arg()), "arg");
          check(fb.apply((Integer) b.arg()).equals(49), "fn(arg)");
        }
      }
      case "result", "value", "list" -> check(original.equals(copy), name);
      case "exception" -> {
        Result a = (Result) original, b = (Result) copy;
        Throwable ta = (Throwable) a.value(), tb = (Throwable) b.value();
        check(tb instanceof IllegalStateException, "type");
        check("boom".equals(tb.getMessage()), "message");
        check(java.util.Arrays.equals(ta.getStackTrace(), tb.getStackTrace()), "stack trace");
        check(tb.getCause() == null, "cause");
      }
      default -> throw new IllegalArgumentException(name);
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError("round trip mismatch: " + what);
    }
  }
}
