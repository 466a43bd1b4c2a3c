package dev.multiproc.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode+decode round trip of the messages a process pool sends, bytes in memory. The encoded size
 * is printed by setup ("# encoded ...") and by {@link CodecReport}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-opens=java.base/java.lang.invoke=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmark {
  @Param({"task", "result", "value", "chunk", "list", "exception"})
  public String payload;

  @Param({"javaio", "tagged", "fory"})
  public String codec;

  private Codec c;
  private Object message;
  private byte[] frame;

  @Setup
  public void setup() {
    c = Codec.byName(codec);
    message = Payloads.byName(payload);
    frame = c.encode(message);
    Payloads.verify(payload, message, c.decode(frame));
    System.out.println("# encoded " + payload + " " + codec + " = " + frame.length + " bytes");
  }

  @Benchmark
  public Object roundTrip() {
    return c.decode(c.encode(message));
  }

  @Benchmark
  public byte[] encode() {
    return c.encode(message);
  }

  @Benchmark
  public Object decode() {
    return c.decode(frame);
  }
}
