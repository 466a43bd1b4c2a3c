package dev.multiproc.internal.spawn;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDK launcher's argument files ({@code java @file}): how {@code java} reads them (the rules
 * of the launcher's {@code args.c}), and how to write one that it reads back exactly.
 *
 * <p>A worker's JVM options and class path go in such a file, so a command line never reaches the
 * kernel's limit of 128 KiB for one argument ("Argument list too long") however long the class
 * path is. The launcher's rules: arguments are separated by white space; a quote ({@code "} or
 * {@code '}) starts a quoted part, in which white space and {@code #} are ordinary, a backslash
 * escapes the next character ({@code \n}, {@code \r}, {@code \t}, {@code \f} name control
 * characters) and a line end still ends the argument; outside quotes a backslash is ordinary and
 * {@code #} starts a comment that runs to the end of the line. Files do not nest.
 */
final class ArgFile {
  private ArgFile() {}

  /**
   * Returns the text of an argument file that the launcher reads back as exactly {@code args}:
   * each argument quoted, one per line.
   *
   * @param args the arguments
   * @return the file's text
   */
  static String render(List<String> args) {
    var sb = new StringBuilder(args.stream().mapToInt(a -> a.length() + 3).sum());
    for (String arg : args) {
      sb.append('"');
      for (int i = 0; i < arg.length(); i++) {
        char c = arg.charAt(i);
        switch (c) {
          case '\\' -> sb.append("\\\\");
          case '"' -> sb.append("\\\"");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          default -> sb.append(c);
        }
      }
      sb.append("\"\n");
    }
    return sb.toString();
  }

  /**
   * Returns the arguments the launcher reads from an argument file's text.
   *
   * @param text the file's text
   * @return the arguments, in order
   */
  static List<String> parse(String text) {
    List<String> args = new ArrayList<>();
    var token = new StringBuilder();
    boolean inToken = false;
    char quote = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\n' || c == '\r') {
          args.add(token.toString()); // a line end ends even a quoted argument
          token.setLength(0);
          inToken = false;
          quote = 0;
        } else if (c == '\\' && i + 1 < n) {
          char e = text.charAt(++i);
          if (e == '\n' || e == '\r') {
            // a continuation: the argument goes on after the next line's leading white space
            while (i + 1 < n && " \t\f\r\n".indexOf(text.charAt(i + 1)) >= 0) {
              i++;
            }
          } else {
            token.append(
                switch (e) {
                  case 'n' -> '\n';
                  case 'r' -> '\r';
                  case 't' -> '\t';
                  case 'f' -> '\f';
                  default -> e;
                });
          }
        } else {
          token.append(c);
        }
        continue;
      }
      switch (c) {
        case ' ', '\t', '\f', '\n', '\r' -> {
          if (inToken) {
            args.add(token.toString());
            token.setLength(0);
            inToken = false;
          }
        }
        case '#' -> {
          if (inToken) {
            args.add(token.toString());
            token.setLength(0);
            inToken = false;
          }
          while (i + 1 < n && text.charAt(i + 1) != '\n' && text.charAt(i + 1) != '\r') {
            i++;
          }
        }
        case '"', '\'' -> {
          inToken = true;
          quote = c;
        }
        default -> {
          inToken = true;
          token.append(c);
        }
      }
    }
    if (inToken) {
      args.add(token.toString());
    }
    return args;
  }

  /**
   * Returns the charset the launcher reads an argument file in: the one the JDK uses for command
   * lines and file names ({@code sun.jnu.encoding}), so a file holds the same bytes as the command
   * line would have.
   *
   * @return the charset
   */
  static Charset charset() {
    String name = System.getProperty("sun.jnu.encoding");
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (RuntimeException e) {
      return Charset.defaultCharset();
    }
  }
}
