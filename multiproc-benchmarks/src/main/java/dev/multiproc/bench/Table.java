package dev.multiproc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The side-by-side table: one row per {@link Figure}, rendered as aligned text for the console and
 * as Markdown for the results file.
 */
final class Table {
  /** The header of the ratio column; says which way is better. */
  static final String RATIO_HEADER = "Java vs Py";

  /**
   * One row.
   *
   * @param figure what is compared
   * @param python the Python figure, or null
   * @param pythonMissing why there is no Python figure
   * @param java the Java figure, or null
   * @param javaMissing why there is no Java figure
   */
  record Row(
      Figure figure,
      @Nullable Measurement python,
      String pythonMissing,
      @Nullable Measurement java,
      String javaMissing) {

    @Nullable Double advantage() {
      return python == null || java == null
          ? null
          : Figure.advantage(python, java, figure.lowerIsBetter());
    }

    /** "yes", "NO", "-" (no target) or "n/a" (cannot be told). */
    String met() {
      Figure.Target t = figure.target();
      if (t == null) {
        return "-";
      }
      if (java == null) {
        return "n/a";
      }
      Boolean met = t.met(python, java, figure.lowerIsBetter());
      return met == null ? "n/a" : met ? "yes" : "NO";
    }
  }

  private final List<Row> rows = new ArrayList<>();

  void add(Row row) {
    rows.add(row);
  }

  List<Row> rows() {
    return rows;
  }

  /**
   * The table as aligned plain text: each figure is the median with the lowest and highest round
   * next to it, so that a reader sees whether a target holds in every round.
   */
  String text() {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"figure", "Python", "Java", RATIO_HEADER, "target", "met?"});
    for (Row r : rows) {
      cells.add(
          new String[] {
            r.figure().bench() + " " + r.figure().label(),
            r.python() == null ? r.pythonMissing() : withRange(r.python()),
            r.java() == null ? r.javaMissing() : withRange(r.java()),
            ratio(r.advantage()),
            r.figure().target() == null ? "-" : r.figure().target().text(),
            r.met()
          });
    }
    int[] width = new int[6];
    for (String[] row : cells) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    var sb = new StringBuilder();
    for (int k = 0; k < cells.size(); k++) {
      String[] row = cells.get(k);
      for (int i = 0; i < row.length; i++) {
        boolean left = i == 0 || i == 4;
        String fmt = "%" + (left ? "-" : "") + width[i] + "s";
        sb.append(i == 0 ? "" : " | ").append(String.format(Locale.ROOT, fmt, row[i]));
      }
      sb.append('\n');
      if (k == 0) {
        for (int i = 0; i < width.length; i++) {
          sb.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /** The table as Markdown, with the spread and the rounds of every figure. */
  String markdown() {
    var sb = new StringBuilder();
    sb.append("| figure | Python: median [min-max] (rounds) | Java: median [min-max] (rounds) | ")
        .append(RATIO_HEADER)
        .append(" | target | met? |\n");
    sb.append("|---|---:|---:|---:|---|---|\n");
    for (Row r : rows) {
      sb.append("| ")
          .append(r.figure().bench())
          .append(' ')
          .append(r.figure().label())
          .append(" | ")
          .append(r.python() == null ? r.pythonMissing() : spread(r.python()))
          .append(" | ")
          .append(r.java() == null ? r.javaMissing() : spread(r.java()))
          .append(" | ")
          .append(ratio(r.advantage()))
          .append(" | ")
          .append(r.figure().target() == null ? "-" : r.figure().target().text())
          .append(" | ")
          .append(r.met().equals("NO") ? "**NO**" : r.met())
          .append(" |\n");
    }
    return sb.toString();
  }

  /** The median, then the lowest and the highest round: {@code 12.6 ms [10.5-20.7]}. */
  static String withRange(Measurement m) {
    return format(m.median(), m.unit())
        + " ["
        + number(m.min(), m.unit())
        + "-"
        + number(m.max(), m.unit())
        + "]";
  }

  private static String spread(Measurement m) {
    return "**"
        + format(m.median(), m.unit())
        + "** ["
        + number(m.min(), m.unit())
        + "-"
        + number(m.max(), m.unit())
        + "] ("
        + m.rounds()
        + ")";
  }

  static String ratio(@Nullable Double advantage) {
    if (advantage == null) {
      return "-";
    }
    return String.format(Locale.ROOT, advantage < 0.1 ? "%.3fx" : "%.2fx", advantage);
  }

  /** A value with its unit, as {@code 175 us}, {@code 1.66 ms}, {@code 19.0 k/s}, {@code 1.68x}. */
  static String format(double v, String unit) {
    return switch (unit) {
      case "x" -> String.format(Locale.ROOT, "%.2fx", v);
      case "ms", "us" -> number(v, unit) + " " + unit;
      case "MB/s" -> String.format(Locale.ROOT, v < 100 ? "%.1f MB/s" : "%.0f MB/s", v);
      default -> number(v, unit) + (unit.endsWith("/s") ? "/s" : " " + unit);
    };
  }

  private static String number(double v, String unit) {
    if (unit.endsWith("/s")) {
      if (v >= 1e6) {
        return String.format(Locale.ROOT, "%.2f M", v / 1e6);
      }
      if (v >= 1e3) {
        return String.format(Locale.ROOT, "%.1f k", v / 1e3);
      }
      return String.format(Locale.ROOT, "%.0f ", v);
    }
    if (unit.equals("x")) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, v < 10 ? "%.2f" : v < 100 ? "%.1f" : "%.0f", v);
  }
}
