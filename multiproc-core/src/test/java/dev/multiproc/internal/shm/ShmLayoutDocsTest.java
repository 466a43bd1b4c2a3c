package dev.multiproc.internal.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import dev.multiproc.testing.PackageRules;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The page that draws the shared-memory layouts is the drawing of the layouts the code uses: it
 * is rendered from every {@link ShmLayout} and compared with the page, so a change of offsets
 * that the page does not show fails here. {@code -Dmultiproc.layouts.write=true} rewrites the
 * page from the code instead.
 */
class ShmLayoutDocsTest {
  private static final Path PAGE = Path.of("..", "docs", "shm-layouts.md");
  private static final String BEGIN = "<!-- rendered from the code by ShmLayoutDocsTest: begin -->";
  private static final String END = "<!-- rendered from the code by ShmLayoutDocsTest: end -->";

  /** Every layout: the class that declares it, and the field. */
  private static final List<String> LAYOUTS =
      List.of(
          "dev.multiproc.internal.shm.SharedHandle#HEADER",
          "dev.multiproc.internal.sync.ShmLock#LAYOUT",
          "dev.multiproc.internal.sync.ShmRLock#LAYOUT",
          "dev.multiproc.internal.sync.ShmSemaphore#LAYOUT",
          "dev.multiproc.internal.sync.ShmEvent#LAYOUT",
          "dev.multiproc.internal.sync.ShmCondition#LAYOUT",
          "dev.multiproc.internal.sync.ShmBarrier#LAYOUT",
          "dev.multiproc.internal.shared.ShmInt#LAYOUT",
          "dev.multiproc.internal.shared.ShmLong#LAYOUT",
          "dev.multiproc.internal.shared.ShmDouble#LAYOUT",
          "dev.multiproc.internal.shared.ShmArray#LAYOUT",
          "dev.multiproc.internal.ipc.ShmQueue#LAYOUT",
          "dev.multiproc.internal.ipc.ShmPipe#LAYOUT",
          "dev.multiproc.internal.ipc.LockedRing#LAYOUT",
          "dev.multiproc.internal.ipc.ByteRing#LAYOUT",
          "dev.multiproc.internal.ipc.ByteRing#MESSAGE");

  static ShmLayout layout(String ref) throws ReflectiveOperationException {
    String[] parts = ref.split("#");
    Field field = Class.forName(parts[0]).getDeclaredField(parts[1]);
    field.setAccessible(true);
    return (ShmLayout) field.get(null);
  }

  static String rendered() throws ReflectiveOperationException {
    StringBuilder out = new StringBuilder();
    for (String ref : LAYOUTS) {
      out.append("\n```\n");
      out.append(layout(ref).render());
      out.append("```\n");
    }
    return out.append('\n').toString();
  }

  @Test
  void the_page_draws_the_layouts_the_code_uses() throws Exception {
    String page = Files.readString(PAGE, StandardCharsets.UTF_8);
    int begin = page.indexOf(BEGIN);
    int end = page.indexOf(END);
    assertTrue(begin >= 0 && end > begin, PAGE + " lacks the markers " + BEGIN + " / " + END);
    String expected = rendered();
    String drawn = page.substring(begin + BEGIN.length(), end);
    if (Boolean.getBoolean("multiproc.layouts.write")) {
      Files.writeString(
          PAGE,
          page.substring(0, begin + BEGIN.length()) + expected + page.substring(end),
          StandardCharsets.UTF_8);
      return;
    }
    assertEquals(
        expected,
        drawn,
        PAGE
            + " does not draw the layouts of the code: update it (run this test with"
            + " -Dmultiproc.layouts.write=true)");
  }

  @Test
  void the_page_draws_every_layout_of_the_code() throws Exception {
    Set<ShmLayout> drawn = new HashSet<>();
    for (String ref : LAYOUTS) {
      ShmLayout layout = layout(ref);
      drawn.add(layout);
      for (ShmLayout.Field f : layout.fields()) {
        if (f.element() != null) {
          drawn.add(f.element());
        }
      }
    }
    List<String> missing = new ArrayList<>();
    for (JavaClass type : PackageRules.mainClasses()) {
      for (JavaField field : type.getFields()) {
        if (field.getRawType().isEquivalentTo(ShmLayout.class)
            && field.getModifiers().contains(JavaModifier.STATIC)
            && !drawn.contains(layout(type.getName() + "#" + field.getName()))) {
          missing.add(field.getFullName());
        }
      }
    }
    assertEquals(List.of(), missing, "layouts not drawn in " + PAGE + ": add them to LAYOUTS");
  }

  /**
   * The offsets and sizes that segments had before the layouts were declared: processes of one
   * program share segments, so a layout never moves a field.
   */
  @Test
  void offsets_are_those_segments_already_use() throws Exception {
    assertOffsets("dev.multiproc.internal.shm.SharedHandle#HEADER", 64, "magic", 0, "kind", 4);
    assertOffsets(
        "dev.multiproc.internal.sync.ShmLock#LAYOUT",
        24,
        "word",
        0,
        "died",
        4,
        "spinners",
        8,
        "taker",
        16);
    assertOffsets(
        "dev.multiproc.internal.sync.ShmRLock#LAYOUT",
        28,
        "word",
        0,
        "died",
        4,
        "count",
        8,
        "owner",
        16,
        "spinners",
        24);
    assertOffsets(
        "dev.multiproc.internal.sync.ShmSemaphore#LAYOUT",
        64 + 8 * 64,
        "guard",
        0,
        "value",
        4,
        "sleepers",
        8,
        "initial",
        12,
        "total",
        16,
        "untracked",
        20,
        "reclaimed",
        24,
        "table",
        64);
    assertOffsets("dev.multiproc.internal.sync.ShmSemaphore#SLOT", 8, "pid", 0, "permits", 4);
    assertOffsets("dev.multiproc.internal.sync.ShmEvent#LAYOUT", 4, "state", 0);
    assertOffsets(
        "dev.multiproc.internal.sync.ShmCondition#LAYOUT",
        64 + 16 * 256,
        "nextTicket",
        0,
        "slots",
        64);
    assertOffsets(
        "dev.multiproc.internal.sync.ShmCondition#SLOT", 16, "state", 0, "ticket", 4, "pid", 8);
    assertOffsets(
        "dev.multiproc.internal.sync.ShmBarrier#LAYOUT",
        24,
        "guard",
        0,
        "phase",
        4,
        "count",
        8,
        "endedBroken",
        16);
  }

  private static void assertOffsets(String ref, long size, Object... fieldsAndOffsets)
      throws ReflectiveOperationException {
    ShmLayout layout = layout(ref);
    assertEquals(size, layout.size(), ref + " size");
    assertEquals(fieldsAndOffsets.length / 2, layout.fields().size(), ref + " fields");
    for (int i = 0; i < fieldsAndOffsets.length; i += 2) {
      String field = (String) fieldsAndOffsets[i];
      assertEquals(
          ((Integer) fieldsAndOffsets[i + 1]).longValue(), layout.offset(field), ref + " " + field);
    }
  }
}
