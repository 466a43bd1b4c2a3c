package dev.multiproc.jmh;

import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.ForyBuilder;
import org.apache.fory.config.Language;
import org.apache.fory.resolver.AllowListChecker;

/**
 * Apache Fory 1.6.0 in Java mode. Registration cannot cover user lambdas/exceptions/arbitrary
 * task arguments, so registration is not required and an allow-list checker (STRICT) decides which
 * class names may be (de)serialized. Note AllowListChecker entries ending in '*' are plain string
 * prefixes ("java.lang.*" also admits java.lang.invoke.*, java.lang.reflect.*, ...).
 */
public final class ForyCodec implements Codec {
  public static final List<String> ALLOWED =
      List.of(
          "java.lang.*",
          "java.util.*",
          "dev.multiproc.jmh.Call",
          "dev.multiproc.jmh.Result",
          "dev.multiproc.jmh.Payloads");

  private final ThreadSafeFory fory;
  private final String name;

  private ForyCodec(String name, ThreadSafeFory fory) {
    this.name = name;
    this.fory = fory;
  }

  /** The configuration benchmarked: allow-list enforced. */
  public static ForyCodec strict() {
    return strict(b -> b, "fory");
  }

  /** Same, with extra builder tweaks (codegen / async compilation variants). */
  public static ForyCodec strict(UnaryOperator<ForyBuilder> tweak, String name) {
    AllowListChecker checker = new AllowListChecker(AllowListChecker.CheckLevel.STRICT);
    checker.allowClasses(ALLOWED);
    return new ForyCodec(
        name, tweak.apply(builder().withTypeChecker(checker)).buildThreadSafeFory());
  }

  /** No allow-list: used only to produce hostile frames for the decode-time refusal test. */
  public static ForyCodec permissive() {
    return new ForyCodec(
        "fory-permissive",
        builder()
            .withTypeChecker(new AllowListChecker(AllowListChecker.CheckLevel.DISABLE))
            .buildThreadSafeFory());
  }

  static ForyBuilder builder() {
    return Fory.builder()
        .withLanguage(Language.JAVA)
        .requireClassRegistration(false)
        .suppressClassRegistrationWarnings(true)
        // a Result may carry any object graph; shared/cyclic references must survive
        .withRefTracking(true);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte[] encode(Object message) {
    return fory.serialize(message);
  }

  @Override
  public Object decode(byte[] frame) {
    return fory.deserialize(frame);
  }
}
