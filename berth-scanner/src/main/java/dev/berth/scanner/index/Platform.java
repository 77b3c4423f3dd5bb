package dev.berth.scanner.index;

import java.util.Objects;

/**
 * An image platform as an OCI index names it (image-index.md, {@code platform}).
 *
 * @param os the operating system ({@code linux})
 * @param architecture the CPU architecture in GOARCH terms ({@code amd64}, {@code arm64})
 * @param variant the CPU variant ({@code v8}); empty to accept any
 */
public record Platform(String os, String architecture, String variant) {
  /** The default platform, as Clair and Quay index it. */
  public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", "");

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    variant = Objects.requireNonNullElse(variant, "");
    if (os.isBlank() || architecture.isBlank()) {
      throw new IllegalArgumentException("platform needs an os and an architecture");
    }
  }

  /** Parses {@code os/architecture[/variant]} ({@code linux/arm64/v8}). */
  public static Platform parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException("platform must be os/architecture[/variant]: " + text);
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
  }

  /** Whether an image of {@code platform} is one of this platform (an empty variant here accepts any). */
  public boolean accepts(Platform platform) {
    return matches(platform.os(), platform.architecture(), platform.variant());
  }

  /** Whether an index entry's platform fields match this one (an empty variant here accepts any). */
  boolean matches(String otherOs, String otherArchitecture, String otherVariant) {
    return os.equals(otherOs) && architecture.equals(otherArchitecture)
        && (variant.isEmpty() || variant.equals(otherVariant));
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }
}
