package dev.portico.filter;

import dev.portico.config.DatabaseEngine;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;
import java.util.Optional;

/**
 * Typecasts one resolved filter value (a String, Boolean or Number) to the Java value bound for a
 * field's kind on an engine. Errors name the field and where the value came from; they never chain
 * the parse exception, whose message would repeat a value that may be a private lookup.
 */
final class ValueCoercion {
    private static final int MAX_DIGITS = 38;
    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .optionalEnd()
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    /** The text UtcTimestamps stores on SQLite, so text comparison orders and matches correctly. */
    private static final DateTimeFormatter SQLITE_TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

    private ValueCoercion() {
    }

    /** @param source how messages name the value: {@code 'abc'}, {@code the parameter ':st'}… */
    static Object bind(Object raw, Field field, DatabaseEngine engine, String source) {
        if (raw instanceof Boolean flag) {
            return switch (field.kind()) {
                case BOOLEAN -> bindBoolean(flag, engine);
                case TEXT -> flag.toString();
                default -> throw mismatch(field, source);
            };
        }
        String text = raw.toString();
        return switch (field.kind()) {
            case TEXT -> text(text, field, source);
            case INTEGER -> integer(text, field, source);
            case DECIMAL -> decimal(text, field, source, engine);
            case BOOLEAN -> bindBoolean(booleanOf(text, field, source), engine);
            case TIMESTAMP -> timestamp(text, field, source, engine);
        };
    }

    static String text(String text, Field field, String source) {
        for (int index = 0; index < text.length(); index++) {
            char c = text.charAt(index);
            boolean pairedHigh = Character.isHighSurrogate(c) && index + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(index + 1));
            if (pairedHigh) {
                index++;
            } else if (c == 0 || Character.isSurrogate(c)) {
                // PostgreSQL refuses NUL in text; refusing it everywhere keeps the engines alike.
                throw FilterErrors.invalid("The value for field '" + field.name() + "' from " + source
                        + " contains a NUL character or malformed unicode.");
            }
        }
        return text;
    }

    private static Long integer(String text, Field field, String source) {
        try {
            return number(text, field, source).longValueExact();
        } catch (ArithmeticException notWhole) {
            throw mismatch(field, source);
        }
    }

    private static Object decimal(String text, Field field, String source, DatabaseEngine engine) {
        BigDecimal value = number(text, field, source).stripTrailingZeros();
        if (value.precision() - value.scale() > MAX_DIGITS || value.scale() > MAX_DIGITS) {
            throw FilterErrors.invalid("The field '" + field.name() + "' takes numbers of at most " + MAX_DIGITS
                    + " digits before and after the point, and " + source + " is out of that range.");
        }
        return engine == DatabaseEngine.SQLITE ? (Object) value.doubleValue() : value;
    }

    private static BigDecimal number(String text, Field field, String source) {
        if (!Value.Number.SYNTAX.matcher(text).matches()) {
            throw mismatch(field, source);
        }
        return new BigDecimal(text);
    }

    private static boolean booleanOf(String text, Field field, String source) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw mismatch(field, source);
        };
    }

    private static Object bindBoolean(boolean value, DatabaseEngine engine) {
        return engine == DatabaseEngine.POSTGRESQL ? (Object) value : (Object) (value ? 1 : 0);
    }

    private static Object timestamp(String text, Field field, String source, DatabaseEngine engine) {
        LocalDateTime utc = utcTimestamp(text).orElseThrow(() -> mismatch(field, source));
        return engine == DatabaseEngine.SQLITE ? SQLITE_TEXT.format(utc) : utc;
    }

    /** ISO-8601 date or date-time, optional offset converted to UTC, truncated to microseconds. */
    private static Optional<LocalDateTime> utcTimestamp(String text) {
        if (text.length() < 10 || text.length() > 64) {
            return Optional.empty();
        }
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        try {
            TemporalAccessor parsed = ISO.parse(iso);
            LocalTime time = parsed.query(TemporalQueries.localTime());
            LocalDateTime local = LocalDate.from(parsed).atTime(time == null ? LocalTime.MIDNIGHT : time);
            ZoneOffset offset = parsed.query(TemporalQueries.offset());
            LocalDateTime utc = offset == null ? local
                    : local.atOffset(offset).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            boolean fourDigitYear = utc.getYear() >= 1 && utc.getYear() <= 9999;
            return fourDigitYear ? Optional.of(utc.truncatedTo(ChronoUnit.MICROS)) : Optional.empty();
        } catch (DateTimeException | ArithmeticException unreadable) {
            return Optional.empty();
        }
    }

    private static RuntimeException mismatch(Field field, String source) {
        String expected = switch (field.kind()) {
            case INTEGER -> "an integer";
            case DECIMAL -> "a number";
            case BOOLEAN -> "true or false";
            case TEXT -> "text";
            case TIMESTAMP -> "an ISO-8601 timestamp such as 2024-05-01T12:00:00Z";
        };
        return FilterErrors.invalid("The field '" + field.name() + "' (" + field.kind() + ") takes " + expected
                + ", and " + source + " is not.");
    }
}
