package dev.multiproc.contract;

import dev.multiproc.Context;
import dev.multiproc.Multiprocessing;
import dev.multiproc.testing.NoLeaksExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** The {@link ContextContract} on worker JVMs. */
@ExtendWith(NoLeaksExtension.class)
class LocalContextContractTest extends ContextContract {
  @Override
  Context ctx() {
    return Multiprocessing.local();
  }

  @Override
  boolean isolated() {
    return true;
  }
}
