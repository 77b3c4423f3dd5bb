package dev.berth.server.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where blobs live: the location named first in {@code DISTRIBUTED_STORAGE_PREFERENCE}, as described in
 * {@code DISTRIBUTED_STORAGE_CONFIG} (Quay's keys and driver names).
 */
public sealed interface StorageConfig {

  /** The location's name in {@code DISTRIBUTED_STORAGE_CONFIG} ({@code default}). */
  String location();

  /**
   * Quay's {@code LocalStorage}: blobs on the local filesystem.
   *
   * @param location the location name
   * @param root the directory ({@code storage_path})
   */
  record Local(String location, Path root) implements StorageConfig {
    public Local {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(root, "root");
    }
  }
}
