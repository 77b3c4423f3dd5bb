package dev.berth.scanner.rpm;

import java.io.Closeable;
import java.io.IOException;

/** The header blobs of one rpm database file, in one of rpm's storage formats. */
interface HeaderBlobReader extends Closeable {

  /** Receives one stored header. */
  @FunctionalInterface
  interface BlobVisitor {
    /**
     * @param instance the header's instance number (its key in the database)
     * @param blob the raw header blob, owned by the visitor from now on
     */
    void visit(int instance, byte[] blob) throws IOException;
  }

  /** Which format this reader reads. */
  RpmDbFormat format();

  /**
   * Hands every stored header to {@code visitor}, in storage order, reading each once.
   *
   * @throws RpmFormatException if the database structure is malformed; headers visited before the fault stay
   *     visited
   * @throws IOException if the file cannot be read, or the visitor fails
   */
  void forEach(BlobVisitor visitor) throws IOException;
}
