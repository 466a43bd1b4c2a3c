package dev.multiproc.jmh;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.spi.TaggedCodec;

/** The codec multiproc uses: java.io with a class filter, under a compact tagged form. */
final class TaggedCodecAdapter implements Codec {
  private final TaggedCodec codec =
      new TaggedCodec(
          ClassFilter.only(
              "dev.multiproc.jmh.Call", "dev.multiproc.jmh.Result", "dev.multiproc.jmh.Payloads"));

  @Override
  public String name() {
    return "tagged";
  }

  @Override
  public byte[] encode(Object message) {
    return codec.encode(message);
  }

  @Override
  public Object decode(byte[] frame) {
    return codec.decode(frame);
  }
}
