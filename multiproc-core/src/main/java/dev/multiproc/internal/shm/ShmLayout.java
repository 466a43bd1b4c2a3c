package dev.multiproc.internal.shm;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The layout of a structure in shared memory, declared once: named fields whose offsets follow
 * from their sizes and alignment. The code takes its offsets from it ({@link #offset}), and the
 * drawing of the structure ({@link #render}) is made from it, so the two cannot drift apart.
 *
 * <p>Offsets are from the structure's start (for the data of a {@link SharedHandle}: from {@link
 * SharedHandle#DATA}). The size is where the last field or {@linkplain Builder#align alignment}
 * ends: no padding is added that the layout does not state.
 */
public final class ShmLayout {
  /**
   * One field.
   *
   * @param name its name, unique in the layout
   * @param type what it holds: {@code int32}, {@code int64}, or {@code N x element} for a table
   * @param offset its offset from the structure's start
   * @param size its size in bytes
   * @param description what it means
   * @param element the layout of each entry of a table, else null
   */
  public record Field(
      String name,
      String type,
      long offset,
      long size,
      String description,
      @Nullable ShmLayout element) {}

  private final String name;
  private final List<Field> fields;
  private final long size;

  private ShmLayout(String name, List<Field> fields, long size) {
    this.name = name;
    this.fields = List.copyOf(fields);
    this.size = size;
  }

  /**
   * Starts a layout.
   *
   * @param name what the structure is, for the drawing
   * @return a builder
   */
  public static Builder of(String name) {
    return new Builder(name);
  }

  /**
   * Returns the structure's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the fields, in offset order.
   *
   * @return the fields
   */
  public List<Field> fields() {
    return fields;
  }

  /**
   * Returns the structure's size: where its last field or alignment ends.
   *
   * @return the size in bytes
   */
  public long size() {
    return size;
  }

  /**
   * Returns a field's offset.
   *
   * @param field the field's name
   * @return its offset from the structure's start
   * @throws IllegalArgumentException if the layout has no such field
   */
  public long offset(String field) {
    return field(field).offset();
  }

  /**
   * Returns a field.
   *
   * @param field the field's name
   * @return the field
   * @throws IllegalArgumentException if the layout has no such field
   */
  public Field field(String field) {
    for (Field f : fields) {
      if (f.name().equals(field)) {
        return f;
      }
    }
    throw new IllegalArgumentException("layout " + name + " has no field '" + field + "'");
  }

  /**
   * Draws the layout: one line per field with its offset, name, type and meaning, the entries of
   * a table indented below it.
   *
   * @return the drawing, lines ending in {@code \n}
   */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(name).append(" (").append(size).append(" bytes)\n");
    render(out, "  ");
    return out.toString();
  }

  private void render(StringBuilder out, String indent) {
    for (Field f : fields) {
      out.append(
              String.format(
                  "%s+%-5d %-14s %-10s %s",
                  indent, f.offset(), f.name(), f.type(), f.description()))
          .append('\n');
      ShmLayout element = f.element();
      if (element != null) {
        element.render(out, indent + "       ");
      }
    }
  }

  @Override
  public String toString() {
    return "ShmLayout[" + name + ", " + size + " bytes]";
  }

  /** Builds a layout field by field, each at the next offset its alignment allows. */
  public static final class Builder {
    private final String name;
    private final List<Field> fields = new ArrayList<>();
    private long cursor;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Adds a 32-bit word, 4-byte aligned.
     *
     * @param field its name
     * @param description what it means
     * @return this builder
     */
    public Builder int32(String field, String description) {
      return add(field, "int32", 4, 4, description, null);
    }

    /**
     * Adds a 64-bit word, 8-byte aligned.
     *
     * @param field its name
     * @param description what it means
     * @return this builder
     */
    public Builder int64(String field, String description) {
      return add(field, "int64", 8, 8, description, null);
    }

    /**
     * Adds a 64-bit IEEE 754 double, 8-byte aligned.
     *
     * @param field its name
     * @param description what it means
     * @return this builder
     */
    public Builder float64(String field, String description) {
      return add(field, "float64", 8, 8, description, null);
    }

    /**
     * Adds the rest of the segment, whose size the structure's creator chooses, as the last
     * field; it adds nothing to the layout's size.
     *
     * @param field its name
     * @param align its alignment, a power of two
     * @param description what it means
     * @return this builder
     */
    public Builder rest(String field, long align, String description) {
      return add(field, "rest", 0, align, description, null);
    }

    /**
     * Adds a table of {@code count} entries of {@code element}'s layout, aligned as the entry's
     * size (at most 8).
     *
     * @param field its name
     * @param count how many entries
     * @param element the layout of an entry
     * @param description what it means
     * @return this builder
     */
    public Builder table(String field, int count, ShmLayout element, String description) {
      long align = Math.min(8, Long.lowestOneBit(element.size()));
      return add(
          field,
          count + " x " + element.size(),
          element.size() * count,
          align,
          description,
          element);
    }

    /**
     * Adds a run of bytes.
     *
     * @param field its name
     * @param size how many bytes
     * @param align their alignment, a power of two
     * @param description what it means
     * @return this builder
     */
    public Builder bytes(String field, long size, long align, String description) {
      return add(field, size + " bytes", size, align, description, null);
    }

    /**
     * Moves the next offset up to a multiple of {@code boundary} (for a new cache line, say);
     * counts in the size when it comes last.
     *
     * @param boundary a power of two
     * @return this builder
     */
    public Builder align(long boundary) {
      cursor = alignUp(cursor, boundary);
      return this;
    }

    /**
     * Ends the layout.
     *
     * @return the layout
     */
    public ShmLayout build() {
      return new ShmLayout(name, fields, cursor);
    }

    private Builder add(
        String field,
        String type,
        long size,
        long align,
        String description,
        @Nullable ShmLayout element) {
      for (Field f : fields) {
        if (f.name().equals(field)) {
          throw new IllegalArgumentException("layout " + name + " has two fields '" + field + "'");
        }
      }
      long offset = alignUp(cursor, align);
      fields.add(new Field(field, type, offset, size, description, element));
      cursor = offset + size;
      return this;
    }

    private static long alignUp(long offset, long boundary) {
      if (Long.bitCount(boundary) != 1) {
        throw new IllegalArgumentException("alignment must be a power of two, got " + boundary);
      }
      return (offset + boundary - 1) & -boundary;
    }
  }
}
