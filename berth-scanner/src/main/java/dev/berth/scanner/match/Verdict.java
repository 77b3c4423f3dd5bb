package dev.berth.scanner.match;

import java.util.Optional;

/**
 * What one advisory entry says about one installed version.
 *
 * @param affected whether the version is affected
 * @param fixedIn the first version that fixes it, when known
 * @param introduced the version the affected interval starts at, when the feed gives one other than "0"
 */
record Verdict(boolean affected, Optional<String> fixedIn, Optional<String> introduced) {
  static final Verdict UNAFFECTED = new Verdict(false, Optional.empty(), Optional.empty());
}
