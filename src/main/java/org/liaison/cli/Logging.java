package org.liaison.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log output of the long-running commands: human text (the default of {@code logback.xml}) or one
 * JSON object a line for log collectors, and whether the access log is written. Logback is set up
 * from {@code logback.xml} before the flags are parsed, so this replaces the root appender.
 */
final class Logging {
  /** The logger of the one line a request; off unless a command turns it on. */
  static final String ACCESS = "liaison.access";
  /** Text lines: time, level, logger, message, and the request's id in brackets when there is one; as logback.xml. */
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%replace( [%X{request_id}]){' \\[\\]$', ''}%n";

  enum Format {
    TEXT,
    JSON
  }

  private Logging() {}

  /** Writes to standard error in {@code format}, with the access log on or off. */
  static void configure(Format format, boolean accessLog) {
    configure(format, accessLog, System.err);
  }

  static void configure(Format format, boolean accessLog, OutputStream out) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return; // another SLF4J binding: its own configuration applies
    }
    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(ctx);
    appender.setName(format.name().toLowerCase(java.util.Locale.ROOT));
    appender.setEncoder(encoder(format, ctx));
    appender.setOutputStream(out);
    appender.start();
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
    ctx.getLogger(ACCESS).setLevel(accessLog ? Level.INFO : Level.OFF);
  }

  private static Encoder<ILoggingEvent> encoder(Format format, LoggerContext ctx) {
    if (format == Format.JSON) {
      // One object a line: timestamp (epoch ms), level, threadName, loggerName, mdc (request_id,
      // party), kvpList (the access log's fields), formattedMessage, throwable.
      JsonEncoder json = new JsonEncoder();
      json.setContext(ctx);
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithFormattedMessage(true);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(ctx);
    text.setPattern(PATTERN);
    text.start();
    return text;
  }
}
