package dev.berth.scanner.match;

import dev.berth.scanner.Ecosystem;
import dev.berth.scanner.version.InvalidVersionException;
import dev.berth.scanner.version.VersionScheme;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares versions of one ecosystem with an injected {@link VersionScheme}, first bringing versions into the
 * form that scheme accepts. Only versions the scheme calls valid are compared.
 *
 * <p>Only Go needs that: Go modules are versioned {@code v1.2.3}, OSV writes Go versions without the
 * {@code v}, and the Go toolchain ({@code stdlib}) reports {@code go1.21.3}. Toolchain tags are rewritten as
 * the Go vulnerability database does ({@code go1.21} → {@code 1.21.0}, {@code go1.21rc2} →
 * {@code 1.21.0-rc.2}), then the {@code v} is added or removed, whichever the scheme accepts.
 */
final class VersionComparison {
  private static final Pattern GO_TAG =
      Pattern.compile("go(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:(alpha|beta|rc)(\\d+))?");

  private final VersionScheme scheme;
  private final Ecosystem ecosystem;

  VersionComparison(VersionScheme scheme, Ecosystem ecosystem) {
    this.scheme = Objects.requireNonNull(scheme, "scheme");
    this.ecosystem = ecosystem;
  }

  /**
   * Compares two versions.
   *
   * @throws InvalidVersionException if the scheme rejects either, even a scheme that orders every string (apk
   *     ranks invalid strings, and two of them can compare equal, which would silently hide a finding)
   */
  int compare(String a, String b) {
    return scheme.compare(valid(adapt(a)), valid(adapt(b)));
  }

  private String valid(String version) {
    if (!scheme.isValid(version)) {
      throw new InvalidVersionException(scheme.kind(), version, "not a version this ecosystem's ordering accepts");
    }
    return version;
  }

  String adapt(String version) {
    if (ecosystem != Ecosystem.GO) {
      return version;
    }
    String v = version.strip();
    Matcher m = GO_TAG.matcher(v);
    if (m.matches()) {
      v = m.group(1) + "." + m.group(2) + "." + (m.group(3) == null ? "0" : m.group(3))
          + (m.group(4) == null ? "" : "-" + m.group(4) + "." + m.group(5));
    }
    if (scheme.isValid(v)) {
      return v;
    }
    if (v.startsWith("v") && scheme.isValid(v.substring(1))) {
      return v.substring(1);
    }
    return !v.startsWith("v") && scheme.isValid("v" + v) ? "v" + v : v;
  }
}
