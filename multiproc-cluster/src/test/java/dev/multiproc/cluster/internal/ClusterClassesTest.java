package dev.multiproc.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.spi.DecodingException;
import dev.multiproc.spi.TaggedCodec;
import java.text.DecimalFormat;
import org.junit.jupiter.api.Test;

/**
 * The cluster's own classes are allowed by the cluster's codecs whatever filter the user gives,
 * as the core's own are by every filter; the core's filter itself names no cluster package.
 */
class ClusterClassesTest {
  /** A cluster class that travels between JVMs (a map entry update). */
  private static final LongOp OP = new LongOp(true, 3, 0);

  @Test
  void clusterCodecDecodesClusterClassesUnderAStrictFilter() {
    TaggedCodec codec = ClusterClasses.codec(ClassFilter.only());
    assertEquals(OP, codec.decode(codec.encode(OP)));
  }

  @Test
  void coreCodecAloneRefusesClusterClassesUnderAStrictFilter() {
    TaggedCodec core = new TaggedCodec(ClassFilter.only());
    DecodingException e = assertThrows(DecodingException.class, () -> core.decode(core.encode(OP)));
    assertTrue(e.getMessage().contains(LongOp.class.getName()), e.getMessage());
  }

  @Test
  void refusalNamesOnlyTheUsersFilter() {
    TaggedCodec codec = ClusterClasses.codec(ClassFilter.only("com.example.Allowed"));
    DecodingException e =
        assertThrows(
            DecodingException.class, () -> codec.decode(codec.encode(new DecimalFormat("0"))));
    assertTrue(e.getMessage().contains("allowed=[com.example.Allowed]"), e.getMessage());
  }
}
