package dev.multiproc.jmh;

/** One message in, one byte[] frame out, and back. Implementations must be thread-safe. */
public interface Codec {
  String name();

  byte[] encode(Object message);

  Object decode(byte[] frame);

  static Codec byName(String name) {
    return switch (name) {
      case "javaio" -> new JavaIoCodec();
      case "tagged" -> new TaggedCodecAdapter();
      case "fory" -> ForyCodec.strict();
      case "fory-nocodegen" -> ForyCodec.strict(b -> b.withCodegen(false), "fory-nocodegen");
      case "fory-async" -> ForyCodec.strict(b -> b.withAsyncCompilation(true), "fory-async");
      default -> throw new IllegalArgumentException(name);
    };
  }
}
