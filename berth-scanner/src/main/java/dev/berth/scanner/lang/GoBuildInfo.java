package dev.berth.scanner.lang;

import java.util.Objects;

/**
 * What a Go executable records about its build.
 *
 * @param goVersion the toolchain that built it ({@code go1.19.8}), never empty
 * @param modInfo the module information text ({@code path}, {@code mod}, {@code dep}, {@code =>},
 *     {@code build} lines) without its sentinels; empty for a binary built outside module mode
 */
record GoBuildInfo(String goVersion, String modInfo) {
  GoBuildInfo {
    Objects.requireNonNull(goVersion, "goVersion");
    Objects.requireNonNull(modInfo, "modInfo");
    if (goVersion.isEmpty()) {
      throw new IllegalArgumentException("empty go version");
    }
  }
}
