package dev.multiproc.internal.shm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import dev.multiproc.testing.PackageRules;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import org.junit.jupiter.api.Test;

/**
 * Shared memory is read and written through {@link Memory} only, whose method names carry the
 * memory mode: no other type of the shared-memory packages holds a {@link VarHandle} on segment
 * words; and each accessor reads back what another one wrote, in a real segment.
 */
class MemoryAccessTest {
  private static final String[] SHM_PACKAGES = {
    "dev.multiproc.internal.shm..",
    "dev.multiproc.internal.sync..",
    "dev.multiproc.internal.ipc..",
    "dev.multiproc.internal.shared.."
  };

  @Test
  void only_the_accessor_holds_a_var_handle() {
    JavaClasses classes = PackageRules.mainClasses();
    noFields()
        .that()
        .areDeclaredInClassesThat()
        .resideInAnyPackage(SHM_PACKAGES)
        .and()
        .areDeclaredInClassesThat()
        .doNotBelongToAnyOf(Memory.class, Libc.class) // Libc's reads errno from its own buffer
        .should()
        .haveRawType(VarHandle.class)
        .because("shared words are accessed through Memory, named for the memory mode")
        .check(classes);
    noClasses()
        .that()
        .resideInAnyPackage(SHM_PACKAGES)
        .and()
        .doNotBelongToAnyOf(Memory.class, Libc.class)
        .should()
        .callMethodWhere(
            DescribedPredicate.describe(
                "a VarHandle access mode (fences aside)",
                (JavaMethodCall call) ->
                    call.getTargetOwner().isEquivalentTo(VarHandle.class)
                        && !call.getName().endsWith("Fence")))
        .because("shared words are accessed through Memory, named for the memory mode")
        .check(classes);
  }

  @Test
  void each_accessor_reads_what_another_wrote() {
    Segment segment = Segment.create(Segment.newName(), 64, true, Segment.Lifetime.SCOPED);
    try {
      MemorySegment m = segment.memory();
      Memory.setInt(m, 0, 7);
      assertEquals(7, Memory.getIntVolatile(m, 0));
      Memory.setIntRelease(m, 0, 8);
      assertEquals(8, Memory.getIntAcquire(m, 0));
      Memory.setIntVolatile(m, 0, 9);
      assertEquals(9, Memory.getIntOpaque(m, 0));
      assertTrue(Memory.compareAndSetInt(m, 0, 9, 10));
      assertFalse(Memory.compareAndSetInt(m, 0, 9, 11));
      assertEquals(10, Memory.getAndAddInt(m, 0, 5));
      assertEquals(15, Memory.getAndSetInt(m, 0, 1));
      assertEquals(1, Memory.getInt(m, 0));

      Memory.setLong(m, 8, 1L << 40);
      assertEquals(1L << 40, Memory.getLongVolatile(m, 8));
      Memory.setLongOpaque(m, 8, 2);
      assertEquals(2, Memory.getLongAcquire(m, 8));
      Memory.setLongRelease(m, 8, 3);
      assertEquals(3, Memory.getLongOpaque(m, 8));
      Memory.setLongVolatile(m, 8, 4);
      assertTrue(Memory.compareAndSetLong(m, 8, 4, 5));
      assertEquals(5, Memory.getAndAddLong(m, 8, 1));
      assertEquals(6, Memory.getLong(m, 8));

      Memory.setDoubleVolatile(m, 16, 1.5);
      assertTrue(Memory.compareAndSetDouble(m, 16, 1.5, 2.5));
      assertEquals(2.5, Memory.getDoubleVolatile(m, 16));
      Memory.setByteVolatile(m, 24, (byte) -3);
      assertEquals((byte) -3, Memory.getByteVolatile(m, 24));
    } finally {
      segment.close();
      segment.unlink();
    }
  }
}
