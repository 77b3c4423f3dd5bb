package dev.berth.scanner.lang;

import dev.berth.scanner.layer.PackageFinder;
import java.util.List;

/** The door to the language-package finders. */
public final class LanguageFinders {
  private LanguageFinders() {}

  /**
   * The language finders, in the order a layer walker should offer each file to them. Path-based finders come
   * first and the Go finder, which wants every executable, last: an executable jar goes to the Java finder.
   *
   * @return Java archives, Python, npm, Go binaries; immutable
   */
  public static List<PackageFinder> all() {
    return List.of(new JavaArchiveFinder(), new PythonFinder(), new NpmFinder(), new GoBinaryFinder());
  }
}
