package dev.berth.server.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Coordination} must do, run on each implementation: stamps that change, on every node, on every
 * touch (a stamp is a node's own value: two nodes need not agree on it, only on when it changes), exclusive leases
 * that end when released or expired, events delivered to subscribers, and sliding windows of event times that
 * every node counts in.
 * Keys, lease names and channels are random per test, so runs never see each other's state.
 */
abstract class CoordinationContract {

  /** The coordinator under test, as one node holds it. */
  protected abstract Coordination node();

  /** Another node's handle on the same coordinator (in process: the same object, as there is one node). */
  protected abstract Coordination peer();

  /** Returns once {@code time} has passed for the coordinator (so a lease taken for it has expired). */
  protected abstract void letPass(Duration time) throws Exception;

  /** The name {@link Coordination#kind()} reports. */
  protected abstract String expectedKind();

  private static String unique(String what) {
    return what + "-" + UUID.randomUUID();
  }

  @Test
  void stamp_ofAKeyNobodyTouched_isTheSameOnEveryRead() {
    String key = unique("repo");
    Optional<String> first = node().stamp(key);
    assertThat(first).isPresent();
    assertThat(node().stamp(key)).isEqualTo(first);
    Optional<String> onPeer = peer().stamp(key);
    assertThat(onPeer).isPresent();
    assertThat(peer().stamp(key)).isEqualTo(onPeer);
  }

  @Test
  void touch_changesTheStamp_toAValueNotSeenBefore_everyTime() {
    String key = unique("repo");
    Set<String> seen = new HashSet<>();
    seen.add(node().stamp(key).orElseThrow());
    for (int i = 0; i < 20; i++) {
      assertThat(node().touch(key)).isTrue();
      String stamp = node().stamp(key).orElseThrow();
      assertThat(seen.add(stamp)).as("stamp %s after touch %d was seen before", stamp, i).isTrue();
    }
  }

  @Test
  void touch_onOneNode_changesTheStampThePeerReads_atOnce() {
    String key = unique("repo");
    String before = peer().stamp(key).orElseThrow();
    node().touch(key);
    assertThat(peer().stamp(key)).isPresent().get().isNotEqualTo(before);
  }

  @Test
  void stamp_readConcurrently_neverPredatesATouchThatEndedBeforeTheReadBegan() throws Exception {
    String key = unique("repo");
    AtomicInteger touchesStarted = new AtomicInteger();
    AtomicInteger touchesEnded = new AtomicInteger();
    AtomicBoolean writing = new AtomicBoolean(true);
    // A read that ended before touch i began, and one that began after touch i ended, must differ. Each reader
    // keeps, per stamp it read, the latest touch that had ended when such a read began and the earliest touch that
    // had begun when one ended: bounded by the number of stamps, where keeping every read would fill the heap
    // within a second and the collector's pauses would time the coordinator's commands out.
    Map<String, int[]> seen = new ConcurrentHashMap<>();
    AtomicLong readCount = new AtomicLong();
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      readers.add(Thread.ofPlatform().start(() -> {
        Map<String, int[]> mine = new HashMap<>();
        try {
          while (writing.get()) {
            int endedAtStart = touchesEnded.get();
            String stamp = peer().stamp(key).orElseThrow();
            int startedAtEnd = touchesStarted.get();
            int[] bounds = mine.computeIfAbsent(stamp, s -> new int[] {endedAtStart, startedAtEnd});
            bounds[0] = Math.max(bounds[0], endedAtStart);
            bounds[1] = Math.min(bounds[1], startedAtEnd);
            readCount.incrementAndGet();
            Thread.yield();
          }
        } catch (Throwable t) {
          failures.add(t);
        }
        mine.forEach((stamp, b) -> seen.merge(stamp, b,
            (x, y) -> new int[] {Math.max(x[0], y[0]), Math.min(x[1], y[1])}));
      }));
    }
    for (int i = 1; i <= 200; i++) {
      long readsBefore = readCount.get();
      touchesStarted.set(i);
      assertThat(node().touch(key)).isTrue();
      touchesEnded.set(i);
      while (readCount.get() < readsBefore + 2 && failures.isEmpty()) {
        Thread.onSpinWait(); // let reads happen between touches, however fast the touches are
      }
    }
    writing.set(false);
    for (Thread t : readers) {
      t.join();
    }
    assertThat(failures).isEmpty();
    assertThat(readCount.get()).isGreaterThan(200);
    seen.forEach((stamp, b) -> assertThat(b[0])
        .as("stamp %s was read after touch %d ended and before touch %d began", stamp, b[0], b[1] + 1)
        .isLessThanOrEqualTo(b[1]));
  }

  @Test
  void touch_ofOneKey_leavesOtherKeysStampsAlone() {
    String touched = unique("repo");
    String other = unique("repo");
    String otherBefore = node().stamp(other).orElseThrow();
    String otherBeforeOnPeer = peer().stamp(other).orElseThrow();
    node().touch(touched);
    assertThat(node().stamp(other)).contains(otherBefore);
    assertThat(peer().stamp(other)).contains(otherBeforeOnPeer);
  }

  @Test
  void lease_isExclusiveAcrossNodes_untilReleased() {
    String name = unique("gc");
    Optional<Coordination.Lease> held = node().tryLease(name, Duration.ofMinutes(5));
    assertThat(held).isPresent();
    assertThat(peer().tryLease(name, Duration.ofMinutes(5))).isEmpty();
    assertThat(node().tryLease(name, Duration.ofMinutes(5))).as("not re-entrant").isEmpty();
    held.get().close();
    Optional<Coordination.Lease> next = peer().tryLease(name, Duration.ofMinutes(5));
    assertThat(next).isPresent();
    next.get().close();
  }

  @Test
  void lease_isFreeAgain_onceItsTtlExpired_withoutBeingReleased() throws Exception {
    String name = unique("gc");
    Duration ttl = Duration.ofMillis(300);
    assertThat(node().tryLease(name, ttl)).isPresent();
    assertThat(peer().tryLease(name, Duration.ofMinutes(5))).isEmpty();
    letPass(ttl);
    Optional<Coordination.Lease> next = peer().tryLease(name, Duration.ofMinutes(5));
    assertThat(next).isPresent();
    next.get().close();
  }

  @Test
  void lease_releasedAfterItExpired_doesNotReleaseTheNextHoldersLease() throws Exception {
    String name = unique("gc");
    Duration ttl = Duration.ofMillis(300);
    Coordination.Lease stale = node().tryLease(name, ttl).orElseThrow();
    letPass(ttl);
    Coordination.Lease current = peer().tryLease(name, Duration.ofMinutes(5)).orElseThrow();
    stale.close();
    assertThat(node().tryLease(name, Duration.ofMinutes(5))).as("the new holder's lease survives").isEmpty();
    current.close();
    assertThat(node().tryLease(name, Duration.ofMinutes(5))).isPresent();
  }

  @Test
  void lease_renewedBeforeItExpires_outlivesItsFirstTtl() throws Exception {
    String name = unique("upload");
    Duration ttl = Duration.ofMillis(300);
    Coordination.Lease held = node().tryLease(name, ttl).orElseThrow();
    assertThat(held.renew(Duration.ofMinutes(5))).isTrue();
    letPass(ttl);
    assertThat(peer().tryLease(name, Duration.ofMinutes(5))).isEmpty();
    held.close();
    assertThat(peer().tryLease(name, Duration.ofMinutes(5))).isPresent();
  }

  @Test
  void lease_thatExpiredAndWasTakenByAnother_cannotBeRenewed() throws Exception {
    String name = unique("upload");
    Duration ttl = Duration.ofMillis(300);
    Coordination.Lease stale = node().tryLease(name, ttl).orElseThrow();
    letPass(ttl);
    Coordination.Lease current = peer().tryLease(name, Duration.ofMinutes(5)).orElseThrow();
    assertThat(stale.renew(Duration.ofMinutes(5))).isFalse();
    assertThat(node().tryLease(name, Duration.ofMinutes(5))).as("the new holder keeps it").isEmpty();
    current.close();
    assertThat(stale.renew(Duration.ofMinutes(5))).as("nor after the new holder released it").isFalse();
  }

  @Test
  void leases_ofDifferentNames_doNotExcludeEachOther() {
    Optional<Coordination.Lease> a = node().tryLease(unique("gc"), Duration.ofMinutes(1));
    Optional<Coordination.Lease> b = peer().tryLease(unique("gc"), Duration.ofMinutes(1));
    assertThat(a).isPresent();
    assertThat(b).isPresent();
    a.get().close();
    b.get().close();
  }

  @Test
  void publish_deliversToSubscribersOnEveryNode_inOrder() throws Exception {
    String channel = unique("events");
    List<String> onPeer = new CopyOnWriteArrayList<>();
    List<String> onNode = new CopyOnWriteArrayList<>();
    CountDownLatch all = new CountDownLatch(6);
    try (AutoCloseable a = peer().subscribe(channel, m -> { onPeer.add(m); all.countDown(); });
        AutoCloseable b = node().subscribe(channel, m -> { onNode.add(m); all.countDown(); })) {
      node().publish(channel, "push repo/a:1");
      node().publish(channel, "push repo/a:2");
      peer().publish(channel, "delete repo/a:1");
      assertThat(all.await(10, TimeUnit.SECONDS)).as("delivered: peer %s, node %s", onPeer, onNode).isTrue();
    }
    assertThat(onPeer).containsExactly("push repo/a:1", "push repo/a:2", "delete repo/a:1");
    assertThat(onNode).containsExactly("push repo/a:1", "push repo/a:2", "delete repo/a:1");
  }

  @Test
  void publish_reachesOnlyItsOwnChannel_andNoListenerThatUnsubscribed() throws Exception {
    String channel = unique("events");
    String otherChannel = unique("events");
    List<String> gone = new CopyOnWriteArrayList<>();
    List<String> other = new CopyOnWriteArrayList<>();
    CountDownLatch stayed = new CountDownLatch(1);
    AutoCloseable leaving = peer().subscribe(channel, gone::add);
    try (AutoCloseable staying = peer().subscribe(channel, m -> stayed.countDown());
        AutoCloseable elsewhere = peer().subscribe(otherChannel, other::add)) {
      leaving.close();
      node().publish(channel, "after unsubscribe");
      assertThat(stayed.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(gone).isEmpty();
    assertThat(other).isEmpty();
  }

  @Test
  void events_recordedOnOneNode_areCountedOnEveryNode_newestFirst_atMostMax() throws Exception {
    String key = unique("login-failures");
    Duration window = Duration.ofMinutes(10);
    for (int i = 0; i < 3; i++) {
      node().recordEvent(key, window);
      letPass(Duration.ofMillis(5));
    }
    List<Long> all = peer().recentEvents(key, window, 10);
    assertThat(all).hasSize(3);
    assertThat(all).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(all.get(0)).as("newest first").isGreaterThan(all.get(2));
    assertThat(peer().recentEvents(key, window, 2)).containsExactlyElementsOf(all.subList(0, 2));
    assertThat(node().recentEvents(unique("login-failures"), window, 10)).as("another key").isEmpty();
  }

  @Test
  void events_olderThanTheWindow_areNoLongerCounted() throws Exception {
    String key = unique("login-failures");
    Duration window = Duration.ofMillis(2000);
    node().recordEvent(key, window);
    letPass(Duration.ofMillis(1200));
    node().recordEvent(key, window);
    assertThat(peer().recentEvents(key, window, 10)).hasSize(2);
    letPass(Duration.ofMillis(1000));
    assertThat(peer().recentEvents(key, window, 10)).as("the first left the window").hasSize(1);
    letPass(Duration.ofMillis(1000));
    assertThat(peer().recentEvents(key, window, 10)).isEmpty();
  }

  @Test
  void forgetEvents_onOneNode_clearsTheKeyOnEveryNode_only() {
    String key = unique("login-failures");
    String other = unique("login-failures");
    Duration window = Duration.ofMinutes(10);
    node().recordEvent(key, window);
    node().recordEvent(other, window);
    peer().forgetEvents(key);
    assertThat(node().recentEvents(key, window, 10)).isEmpty();
    assertThat(peer().recentEvents(key, window, 10)).isEmpty();
    assertThat(node().recentEvents(other, window, 10)).hasSize(1);
  }

  @Test
  void aHealthyCoordinator_saysSo_andNamesItsKind() {
    assertThat(node().isHealthy()).isTrue();
    assertThat(node().kind()).isEqualTo(expectedKind());
  }
}
