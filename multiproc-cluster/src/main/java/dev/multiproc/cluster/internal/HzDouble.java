package dev.multiproc.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.shared.SharedDouble;
import org.jspecify.annotations.Nullable;

/**
 * {@link SharedDouble} on one {@code Long} entry of a map of its own, holding the value's raw
 * bits: reads and writes are map get/set; {@link #addAndGet} is a {@link DoubleAddOp} and {@link
 * #compareAndSet} a {@link LongOp} on the bits (so it compares bits, as locally), both entry
 * processors run atomically by the member that owns the entry. Made with a lock, it carries an
 * {@link HzLock} RLock for compound updates.
 */
public final class HzDouble extends HzValueBase<Long> implements SharedDouble {
  @java.io.Serial private static final long serialVersionUID = 1L;

  /**
   * What a sent double attaches to.
   *
   * @param name the value's map
   * @param lockName its lock's name, or null
   */
  private record Spec(String name, @Nullable String lockName) implements HzSpec {
    @Override
    public Object attach(HazelcastInstance hz) {
      return HzDouble.attach(hz, name, lockName).received();
    }
  }

  @Override
  HzSpec spec() {
    return new Spec(name(), lockName());
  }

  private HzDouble(HazelcastInstance hz, String name, @Nullable HzLock lock) {
    super(hz, name, lock);
  }

  /**
   * Creates a new shared double with a unique name.
   *
   * @param hz the member or client
   * @param initial the first value
   * @param withLock whether it carries a lock
   * @return the value
   */
  public static HzDouble create(HazelcastInstance hz, double initial, boolean withLock) {
    var d = new HzDouble(hz, HzNames.unique(hz, "double"), lockIf(hz, withLock));
    d.set(initial);
    return d;
  }

  /**
   * Returns a view of an existing shared double from another member or client of the same
   * cluster.
   *
   * @param hz the member or client
   * @param name the value's {@link #name()}
   * @param lockName its {@link #lockName()}, or null if it has no lock
   * @return the view; closing it destroys the value (and its lock) for every holder
   */
  public static HzDouble attach(HazelcastInstance hz, String name, @Nullable String lockName) {
    return new HzDouble(hz, name, attachLock(hz, lockName));
  }

  private static long bits(double value) {
    return Double.doubleToRawLongBits(value);
  }

  @Override
  public double get() {
    Long v = open().get(KEY);
    return v == null ? 0.0 : Double.longBitsToDouble(v);
  }

  @Override
  public void set(double value) {
    open().set(KEY, bits(value));
  }

  @Override
  public double addAndGet(double delta) {
    Long after = open().executeOnKey(KEY, new DoubleAddOp(delta));
    return after == null ? delta : Double.longBitsToDouble(after);
  }

  @Override
  public boolean compareAndSet(double expected, double value) {
    Long set = open().executeOnKey(KEY, new LongOp(false, bits(expected), bits(value)));
    return set != null && set == 1L;
  }

  @Override
  public String toString() {
    return describe("SharedDouble");
  }
}
