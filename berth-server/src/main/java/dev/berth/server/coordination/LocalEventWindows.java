package dev.berth.server.coordination;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sliding windows of event times held in this node's memory: the in-process implementation of {@link
 * Coordination#recordEvent} and its companions, and Redis's fallback while Redis cannot be reached. Bounded: when
 * more than {@link #MAX_KEYS} keys are held, windows that emptied are dropped; a window keeps at most {@link
 * #MAX_EVENTS} events.
 */
final class LocalEventWindows {
  static final int MAX_KEYS = 100_000;
  static final int MAX_EVENTS = 1_000;

  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /** Events of one key, oldest first, and how long the longest window asked for was. */
  private static final class Window {
    final Deque<Long> times = new ArrayDeque<>();
    long windowMs;
  }

  LocalEventWindows(Clock clock) {
    this.clock = clock;
  }

  void record(String key, Duration window) {
    long now = clock.millis();
    if (windows.size() > MAX_KEYS) {
      windows.values().removeIf(w -> {
        synchronized (w) {
          prune(w, now);
          return w.times.isEmpty();
        }
      });
    }
    Window w = windows.computeIfAbsent(key, k -> new Window());
    synchronized (w) {
      w.windowMs = Math.max(w.windowMs, window.toMillis());
      prune(w, now);
      w.times.addLast(now);
      if (w.times.size() > MAX_EVENTS) {
        w.times.removeFirst();
      }
    }
  }

  List<Long> recent(String key, Duration window, int max) {
    Window w = windows.get(key);
    if (w == null) {
      return List.of();
    }
    long since = clock.millis() - window.toMillis();
    List<Long> newestFirst = new ArrayList<>();
    synchronized (w) {
      Iterator<Long> it = w.times.descendingIterator();
      while (it.hasNext() && newestFirst.size() < max) {
        long t = it.next();
        if (t <= since) {
          break;
        }
        newestFirst.add(t);
      }
    }
    return newestFirst;
  }

  void forget(String key) {
    windows.remove(key);
  }

  private static void prune(Window w, long now) {
    while (!w.times.isEmpty() && w.times.peekFirst() <= now - w.windowMs) {
      w.times.removeFirst();
    }
  }
}
