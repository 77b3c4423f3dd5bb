package dev.berth.oci;

import java.util.Objects;

/**
 * The platform of an index entry
 * (<a href="https://github.com/opencontainers/image-spec/blob/main/image-index.md">image-spec, image index</a>).
 *
 * @param os the operating system ({@code linux})
 * @param architecture the CPU architecture ({@code amd64})
 * @param variant the CPU variant ({@code v8}); empty when absent
 */
public record Platform(String os, String architecture, String variant) {
  public Platform {
    os = Objects.requireNonNullElse(os, "");
    architecture = Objects.requireNonNullElse(architecture, "");
    variant = Objects.requireNonNullElse(variant, "");
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }
}
