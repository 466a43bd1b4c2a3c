package dev.multiproc.contract;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.testing.NoLeaksExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The {@link ContextContract} on threads of this JVM. */
@ExtendWith(NoLeaksExtension.class)
class ThreadContextContractTest extends ContextContract {
  @Override
  Context ctx() {
    return Multiprocessing.threads();
  }

  @Override
  boolean isolated() {
    return false;
  }

  @Test
  void context_byName() {
    assertSame(Multiprocessing.threads(), Multiprocessing.context("threads"));
    assertSame(Multiprocessing.local(), Multiprocessing.context("local"));
    assertThrows(IllegalArgumentException.class, () -> Multiprocessing.context("fork"));
  }
}
