package dev.berth.server.registry;

import dev.berth.server.http.Exchange;
import java.io.IOException;

/** A request body to stream, and its declared length. */
interface Body {

  /** Streams the body to {@code sink}; returns its length. */
  long read(Exchange.BodySink sink) throws IOException;

  /** The declared length, or -1 when not declared. */
  long declaredLength();

  static Body of(Exchange exchange) {
    return new Body() {
      @Override
      public long read(Exchange.BodySink sink) throws IOException {
        return exchange.readBody(sink);
      }

      @Override
      public long declaredLength() {
        return exchange.contentLength();
      }
    };
  }
}
