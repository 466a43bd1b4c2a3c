package dev.multiproc.internal.spawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multiproc.function.ClassFilter;
import dev.multiproc.spi.TaggedCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A worker's config travels in the codec's compact form, and refuses what is not one. */
class WorkerConfigTest {
  @Test
  void roundTrip_keepsNameParentAndTheWholeFilter() {
    var filter =
        new ClassFilter(false, List.of("com.example.*", "org.example.Point"))
            .withLimits(new ClassFilter.Limits(1234, 7, 99_999_999_999L, 55));
    var config = new WorkerConfig("PoolWorker-3", filter, "MainProcess");
    assertEquals(config, WorkerConfig.decode(config.encode()));
    var defaults = new WorkerConfig("Process-1", ClassFilter.defaults(), "Parent");
    assertEquals(defaults, WorkerConfig.decode(defaults.encode()));
  }

  @Test
  void decode_refusesWhatIsNotAConfig_sayingWhatItGot() {
    var codec = new TaggedCodec(ClassFilter.only());
    var notAList =
        assertThrows(IllegalArgumentException.class, () -> WorkerConfig.decode(codec.encode(42)));
    assertTrue(notAList.getMessage().contains("java.lang.Integer"), notAList.getMessage());
    var shortList = new ArrayList<Object>(List.of("name", "parent", true));
    assertThrows(
        IllegalArgumentException.class, () -> WorkerConfig.decode(codec.encode(shortList)));
    var badPattern = new ArrayList<Object>(List.of("n", "p", true, 10, 10, 10L, 10, "ok.*", 5));
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> WorkerConfig.decode(codec.encode(badPattern)));
    assertTrue(e.getMessage().contains("5"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WorkerConfig.decode(new byte[] {99}));
  }
}
