package dev.berth.server.config;

/** Invalid configuration; the message starts with the offending key so that the operator knows what to fix. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String key, String problem) {
    super(key + ": " + problem);
  }
}
