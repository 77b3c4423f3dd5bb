package dev.berth.server.storage.s3;

/**
 * A byte range of a stored object.
 *
 * @param key the object
 * @param from the first byte's offset in the object
 * @param length how many bytes
 * @param objectSize the whole object's size
 */
record Piece(String key, long from, long length, long objectSize) {
  boolean isWholeObject() {
    return from == 0 && length == objectSize;
  }
}
