package dev.berth.scanner.rpm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** rpm's three on-disk package database formats, told apart by their magic numbers, never by file name. */
enum RpmDbFormat {
  /** {@code rpmdb.sqlite} (rpm 4.16 and later): table {@code Packages(hnum, blob)}. */
  SQLITE,
  /** BerkeleyDB hash database {@code Packages} (rpm up to 4.15; EL 5 to 8). */
  BERKELEY_DB,
  /** rpm's own "ndb" {@code Packages.db} (SUSE). */
  NDB;

  /** How many leading bytes {@link #detect} needs. */
  static final int MAGIC_BYTES = 16;

  static final int BDB_HASH_MAGIC = 0x00061561;
  static final int BDB_BTREE_MAGIC = 0x00053162;
  static final int NDB_MAGIC = 'R' | 'p' << 8 | 'm' << 16 | 'P' << 24;
  private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  /**
   * Identifies a database from its first {@link #MAGIC_BYTES} bytes.
   *
   * @throws RpmFormatException if the bytes are no rpm package database's
   */
  static RpmDbFormat detect(byte[] head) throws RpmFormatException {
    if (head.length < MAGIC_BYTES) {
      throw new RpmFormatException("file of " + head.length + " bytes is too short to be an rpm database");
    }
    if (Arrays.equals(head, 0, SQLITE_MAGIC.length, SQLITE_MAGIC, 0, SQLITE_MAGIC.length)) {
      return SQLITE;
    }
    ByteBuffer le = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    if (le.getInt(0) == NDB_MAGIC) {
      return NDB;
    }
    int bdbMagic = le.getInt(12);
    if (bdbMagic == BDB_HASH_MAGIC || Integer.reverseBytes(bdbMagic) == BDB_HASH_MAGIC) {
      return BERKELEY_DB;
    }
    if (bdbMagic == BDB_BTREE_MAGIC || Integer.reverseBytes(bdbMagic) == BDB_BTREE_MAGIC) {
      throw new RpmFormatException("BerkeleyDB btree file is not an rpm Packages database (those are hash)");
    }
    throw new RpmFormatException("not an rpm database: unknown magic "
        + HexFormat.of().formatHex(head, 0, MAGIC_BYTES));
  }
}
