package dev.multiproc.jmh;

import dev.multiproc.jmh.hostile.Hostile;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Prints encoded sizes (with a round-trip check) and the decode-time class refusal behaviour. */
public final class CodecReport {
  public static void main(String[] args) throws Exception {
    Codec javaio = new JavaIoCodec();
    Codec fory = ForyCodec.strict();
    Codec foryPermissive = ForyCodec.permissive();

    System.out.println("== encoded size (bytes), round trip verified ==");
    System.out.printf("%-10s %8s %8s%n", "payload", "javaio", "fory");
    for (String p : Payloads.NAMES) {
      Object v = Payloads.byName(p);
      byte[] j = javaio.encode(v);
      byte[] f = fory.encode(v);
      Payloads.verify(p, v, javaio.decode(j));
      Payloads.verify(p, v, fory.decode(f));
      System.out.printf("%-10s %8d %8d%n", p, j.length, f.length);
    }

    Map<String, Object> hostile = new LinkedHashMap<>();
    hostile.put("java.net.URL (top level)", URI.create("http://example.org/").toURL());
    hostile.put("Result(java.net.URL)", new Result(9L, URI.create("http://example.org/").toURL()));
    hostile.put("Hostile (top level)", new Hostile());
    hostile.put("Result(Hostile)", new Result(9L, new Hostile()));
    hostile.put(
        "Call(lambda captured in dev.multiproc.jmh.hostile)", new Call(9L, Hostile.lambda(), 1));
    ConcurrentHashMap<String, Integer> chm = new ConcurrentHashMap<>();
    chm.put("a", 1);
    hostile.put("Result(java.util.concurrent.ConcurrentHashMap)", new Result(9L, chm));

    System.out.println();
    System.out.println("== DECODE-time refusal (frames produced by an unfiltered encoder) ==");
    for (var e : hostile.entrySet()) {
      System.out.println("-- " + e.getKey());
      // java.io: ObjectOutputStream never filters, so encode always works
      System.out.println(
          "   javaio decode: " + attempt(() -> javaio.decode(javaio.encode(e.getValue()))));
      byte[] frame;
      try {
        frame = foryPermissive.encode(e.getValue());
      } catch (RuntimeException ex) {
        System.out.println("   fory permissive encode failed: " + describe(ex));
        continue;
      }
      System.out.println("   fory   decode: " + attempt(() -> fory.decode(frame)));
      System.out.println(
          "   fory   encode (strict instance): " + attempt(() -> fory.encode(e.getValue())));
    }
  }

  interface Action {
    Object run() throws Exception;
  }

  static String attempt(Action a) {
    try {
      Object r = a.run();
      String s = r instanceof byte[] b ? b.length + " bytes" : String.valueOf(r);
      return "ACCEPTED -> " + (s.length() > 80 ? s.substring(0, 80) + "..." : s);
    } catch (Throwable t) {
      return "REFUSED  -> " + describe(t);
    }
  }

  static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (sb.length() > 0) {
        sb.append("  <caused by>  ");
      }
      sb.append(c.getClass().getName()).append(": ").append(c.getMessage());
    }
    return sb.toString();
  }
}
