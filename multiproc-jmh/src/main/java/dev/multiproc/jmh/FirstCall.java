package dev.multiproc.jmh;

/**
 * Cold-start cost in a fresh JVM (workers are short-lived): codec construction, then the very
 * first encode+decode of each message kind, including lambdas of classes never seen before.
 * Usage: FirstCall javaio|fory. Prints one line of key=micros.
 */
public final class FirstCall {
  public static void main(String[] args) {
    long t0 = System.nanoTime();
    Codec codec = Codec.byName(args[0]);
    long tCreate = System.nanoTime() - t0;

    StringBuilder out = new StringBuilder(args[0]).append(" create=").append(tCreate / 1000);
    // task #1: first message ever, first lambda class (captured in Payloads)
    out.append(" task1=").append(roundTrip(codec, "task", Payloads.byName("task")));
    // same lambda class again (steady-ish)
    out.append(" task2=").append(roundTrip(codec, "task", Payloads.byName("task")));
    // a NEW lambda class from a NEW capturing class (FirstCall), Call already known
    int k = args.length; // captured
    Object fresh =
        new Call(
            5L, (SerializableFunction<Integer, Integer>) x -> x * 7 + k - 1 - 7 * 6 + 42 - 0, 7);
    out.append(" newLambdaNewCapturer=").append(roundTrip(codec, null, fresh));
    // another NEW lambda class, same capturing class as task #1 (method reference)
    out.append(" chunk1=").append(roundTrip(codec, "chunk", Payloads.byName("chunk")));
    out.append(" result1=").append(roundTrip(codec, "result", Payloads.byName("result")));
    out.append(" exception1=").append(roundTrip(codec, "exception", Payloads.byName("exception")));
    out.append(" exception2=").append(roundTrip(codec, "exception", Payloads.byName("exception")));
    out.append(" totalMain=").append((System.nanoTime() - t0) / 1000);
    System.out.println(out);
  }

  /** One encode+decode, micros. */
  private static long roundTrip(Codec codec, String name, Object v) {
    long t = System.nanoTime();
    Object copy = codec.decode(codec.encode(v));
    long micros = (System.nanoTime() - t) / 1000;
    if (name != null) {
      Payloads.verify(name, v, copy);
    }
    return micros;
  }
}
