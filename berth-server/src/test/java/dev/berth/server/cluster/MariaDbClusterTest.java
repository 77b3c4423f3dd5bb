package dev.berth.server.cluster;

import dev.berth.server.testing.Databases;

/** The two-node push and pull tests on MariaDB (with S3 and Redis). */
class MariaDbClusterTest extends TwoNodeContract {
  @Override
  protected Databases.Kind kind() {
    return Databases.Kind.MARIADB;
  }
}
