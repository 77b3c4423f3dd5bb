package dev.berth.server.testing;

import dev.berth.server.config.DatabaseUri;
import dev.berth.server.db.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of a store contract test: one fresh, migrated database of {@link #kind()} per test class (opened as
 * Berth opens it, through {@link Database#open}), dropped afterwards. Tests keep apart by using their own
 * repositories and names, so they need no cleanup between them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DatabaseContract {
  /** Connections in the pool; more than the threads of the concurrency tests, so they really run at once. */
  protected static final int POOL_SIZE = 12;

  private final Databases.Kind kind;
  private Path dir;
  private Databases.Fresh fresh;
  /** The database under test. */
  protected Database db;

  protected DatabaseContract(Databases.Kind kind) {
    this.kind = kind;
  }

  /** Which database this run uses. */
  protected final Databases.Kind kind() {
    return kind;
  }

  @BeforeAll
  public final void openDatabase() throws Exception {
    dir = Files.createTempDirectory("berth-contract-");
    fresh = Databases.create(kind, dir);
    db = Database.open(DatabaseUri.parse(fresh.dbUri()), POOL_SIZE);
  }

  @AfterAll
  public final void closeDatabase() throws Exception {
    try {
      if (db != null) {
        db.close();
      }
    } finally {
      if (fresh != null) {
        fresh.close();
      }
      TestRegistry.deleteTree(dir);
    }
  }

  /**
   * Runs {@code task(0)} … {@code task(threads - 1)} on as many threads, released together, and returns their
   * results in order; the first failure is rethrown.
   */
  protected static <T> List<T> concurrently(int threads, IntFunction<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int n = i;
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return task.apply(n);
        }));
      }
      ready.await();
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(2, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
