package dev.multiproc.jmh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/** java.io serialization, fresh streams per frame, allow-list filter applied on decode. */
public final class JavaIoCodec implements Codec {
  /**
   * "java.lang.*" / "java.util.*" = classes of exactly that package (not sub-packages); "**" =
   * package and sub-packages; "!*" rejects everything else. Arrays are checked by component type.
   */
  public static final String FILTER_PATTERN =
      "maxdepth=100;java.lang.*;java.util.*;java.lang.invoke.SerializedLambda;dev.multiproc.jmh.*;!*";

  public static final ObjectInputFilter FILTER =
      ObjectInputFilter.Config.createFilter(FILTER_PATTERN);

  @Override
  public String name() {
    return "javaio";
  }

  @Override
  public byte[] encode(Object message) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new ObjectOutputStream(bos)) {
      out.writeObject(message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  @Override
  public Object decode(byte[] frame) {
    // The JDK's InvalidClassException says only "filter status: REJECTED"; remember the class.
    Class<?>[] rejected = new Class<?>[1];
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(frame))) {
      in.setObjectInputFilter(
          info -> {
            ObjectInputFilter.Status status = FILTER.checkInput(info);
            if (status == ObjectInputFilter.Status.REJECTED) {
              rejected[0] = info.serialClass();
            }
            return status;
          });
      return in.readObject();
    } catch (InvalidClassException e) {
      if (rejected[0] != null) {
        throw new SecurityException(
            "class " + rejected[0].getName() + " is not allowed by filter " + FILTER_PATTERN, e);
      }
      throw new UncheckedIOException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
