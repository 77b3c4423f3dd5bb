package dev.berth.server.e2e;

/**
 * The two ways the registry-core end-to-end tests run Berth: open ({@code AUTHENTICATION_TYPE: None}), and with
 * authentication on ({@code AUTHENTICATION_TYPE: Database}), where the clients sign in as the user {@value
 * SignedInRegistry#USER} and push into that user's own namespace, {@code e2e/}.
 */
enum Authentication {
  NONE("None"),
  DATABASE("Database");

  final String configValue;

  Authentication(String configValue) {
    this.configValue = configValue;
  }
}
