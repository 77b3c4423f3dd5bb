package dev.berth.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * While open, the scanner engine's warnings (a malformed rpm database, a finder that failed on a file) reach the
 * user of a command as its other warnings do, one {@code berth: warning: …} line each on the command's error
 * stream, instead of as log lines. Events below WARN still go to the log. Nothing changes where SLF4J is not
 * bound to logback.
 */
final class ScannerWarnings implements AutoCloseable {
  private static final String SCANNER = "dev.berth.scanner";

  private final Logger logger;
  private final Appender appender;
  private final boolean additive;

  private ScannerWarnings(Logger logger, Appender appender) {
    this.logger = logger;
    this.appender = appender;
    this.additive = logger == null || logger.isAdditive();
  }

  /** Starts printing the scanner's warnings to {@code err}; close to stop. */
  static ScannerWarnings printTo(PrintWriter err) {
    Objects.requireNonNull(err, "err");
    if (!(LoggerFactory.getLogger(SCANNER) instanceof Logger scanner)) {
      return new ScannerWarnings(null, null);
    }
    Appender appender = new Appender(err, (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
    appender.setContext(scanner.getLoggerContext());
    appender.start();
    ScannerWarnings warnings = new ScannerWarnings(scanner, appender);
    scanner.addAppender(appender);
    scanner.setAdditive(false);
    return warnings;
  }

  @Override
  public void close() {
    if (logger != null) {
      logger.setAdditive(additive);
      logger.detachAppender(appender);
      appender.stop();
    }
  }

  /** One line for one warning: the message, its key-value pairs and the cause's message. */
  static String line(ILoggingEvent event) {
    StringBuilder s = new StringBuilder("berth: warning: ").append(event.getFormattedMessage());
    if (event.getKeyValuePairs() != null && !event.getKeyValuePairs().isEmpty()) {
      s.append(event.getKeyValuePairs().stream().map(kv -> kv.key + "=" + kv.value)
          .collect(Collectors.joining(", ", " (", ")")));
    }
    IThrowableProxy cause = event.getThrowableProxy();
    if (cause != null) {
      s.append(": ").append(cause.getMessage() == null ? cause.getClassName() : cause.getMessage());
    }
    return s.toString();
  }

  private static final class Appender extends AppenderBase<ILoggingEvent> {
    private final PrintWriter err;
    private final Logger root;

    Appender(PrintWriter err, Logger root) {
      this.err = err;
      this.root = root;
    }

    @Override
    protected void append(ILoggingEvent event) {
      if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
        err.println(line(event));
        err.flush();
      } else {
        root.iteratorForAppenders().forEachRemaining(a -> a.doAppend(event));
      }
    }
  }
}
