package dev.berth.scanner.rpm;

/**
 * The tag numbers and data types of rpm headers that Berth reads, as rpm's {@code rpmtag.h} defines them.
 */
final class RpmTag {
  static final int TYPE_NULL = 0;
  static final int TYPE_CHAR = 1;
  static final int TYPE_INT8 = 2;
  static final int TYPE_INT16 = 3;
  static final int TYPE_INT32 = 4;
  static final int TYPE_INT64 = 5;
  static final int TYPE_STRING = 6;
  static final int TYPE_BIN = 7;
  static final int TYPE_STRING_ARRAY = 8;
  static final int TYPE_I18NSTRING = 9;

  /** Region tags: the first index entry of a header names its region. */
  static final int HEADER_IMAGE = 61;
  static final int HEADER_SIGNATURES = 62;
  static final int HEADER_IMMUTABLE = 63;
  static final int HEADER_REGIONS = 64;
  static final int HEADER_I18NTABLE = 100;

  static final int NAME = 1000;
  static final int VERSION = 1001;
  static final int RELEASE = 1002;
  static final int EPOCH = 1003;
  static final int SUMMARY = 1004;
  static final int VENDOR = 1011;
  static final int LICENSE = 1014;
  static final int OS = 1021;
  static final int ARCH = 1022;
  static final int SOURCERPM = 1044;
  static final int MODULARITY_LABEL = 5096;

  private RpmTag() {}

  /** Bytes per item of a fixed-size type; -1 for the string types. */
  static int itemSize(int type) {
    return switch (type) {
      case TYPE_CHAR, TYPE_INT8, TYPE_BIN -> 1;
      case TYPE_INT16 -> 2;
      case TYPE_INT32 -> 4;
      case TYPE_INT64 -> 8;
      case TYPE_STRING, TYPE_STRING_ARRAY, TYPE_I18NSTRING -> -1;
      default -> 0;
    };
  }

  /** The alignment rpm requires of an entry's data offset. */
  static int alignment(int type) {
    return switch (type) {
      case TYPE_INT16 -> 2;
      case TYPE_INT32 -> 4;
      case TYPE_INT64 -> 8;
      default -> 1;
    };
  }
}
