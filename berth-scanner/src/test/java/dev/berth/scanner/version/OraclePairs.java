package dev.berth.scanner.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Which pairs of a version set an oracle is asked about. */
final class OraclePairs {
  private OraclePairs() {}

  /** One question: how do {@code a} and {@code b} compare? */
  record Pair(String a, String b) {}

  /**
   * The neighbours in our own sorted order (so a wrong place in the order shows), plus {@code random} random
   * pairs of all versions, valid or not, in both orders.
   */
  static List<Pair> choose(VersionScheme scheme, List<String> versions, int random, long seed) {
    List<String> valid = new ArrayList<>(versions.stream().filter(scheme::isValid).toList());
    valid.sort(scheme);
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i + 1 < valid.size(); i++) {
      pairs.add(new Pair(valid.get(i), valid.get(i + 1)));
    }
    Random r = new Random(seed);
    for (int i = 0; i < random; i++) {
      String a = versions.get(r.nextInt(versions.size()));
      String b = versions.get(r.nextInt(versions.size()));
      pairs.add(new Pair(a, b));
      pairs.add(new Pair(b, a));
    }
    return pairs;
  }
}
