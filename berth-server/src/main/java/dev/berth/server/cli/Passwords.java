package dev.berth.server.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** Reads passwords without echoing them: from standard input when asked, else from the terminal. */
final class Passwords {
  private Passwords() {}

  /**
   * The password: the first line of {@code stdin} with {@code --password-stdin}, else typed twice at the
   * terminal; empty when neither is possible.
   */
  static Optional<char[]> read(boolean fromStdin, InputStream stdin, Console console, String prompt)
      throws IOException {
    if (fromStdin) {
      BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
      String line = reader.readLine();
      return line == null || line.isEmpty() ? Optional.empty() : Optional.of(line.toCharArray());
    }
    if (console == null || !isTerminal(console)) {
      return Optional.empty();
    }
    char[] first = console.readPassword("%s: ", prompt);
    char[] second = console.readPassword("%s (again): ", prompt);
    if (first == null || second == null || !Arrays.equals(first, second)) {
      throw new IllegalArgumentException("the passwords do not match");
    }
    Arrays.fill(second, ' ');
    return Optional.of(first);
  }

  // From JDK 22 System.console() may return a console that is not a terminal; Console.isTerminal() (22+) tells.
  private static boolean isTerminal(Console console) {
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a non-null console is a terminal
    }
  }
}
