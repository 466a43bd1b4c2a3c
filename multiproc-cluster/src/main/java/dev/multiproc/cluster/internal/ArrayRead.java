package dev.multiproc.cluster.internal;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import java.io.Serial;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads one element of a shared array kept whole in one map entry, on the member that owns it,
 * so that only the element travels: as a long, a double as its raw bits (see {@link ArrayOp}).
 *
 * @param index the element; the caller checks the bounds
 */
record ArrayRead(int index) implements EntryProcessor<String, Object, Long>, ReadOnly {
  @Serial private static final long serialVersionUID = 1L;

  @Override
  public Long process(Map.Entry<String, Object> entry) {
    Object array = entry.getValue();
    if (array == null) {
      throw new IllegalStateException("the shared array is gone (closed by another holder)");
    }
    return ArrayOp.load(array, index);
  }

  @Override
  public @Nullable EntryProcessor<String, Object, Long> getBackupProcessor() {
    return null;
  }
}
