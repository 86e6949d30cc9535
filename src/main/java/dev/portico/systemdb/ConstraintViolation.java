package dev.portico.systemdb;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises a write the schema refused (unique, foreign key, not-null, check) on any engine and
 * says so as a client error instead of a server failure.
 */
final class ConstraintViolation {
    private ConstraintViolation() {
    }

    static Optional<PorticoException> explain(SQLException error) {
        String state = error.getSQLState() == null ? "" : error.getSQLState();
        String text = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
        if (state.startsWith("22") || text.contains("data too long") || text.contains("out of range")) {
            return Optional.of(new PorticoException(ErrorCode.BAD_REQUEST,
                    "A value is out of range or too long for its field.", error));
        }
        boolean constraint = state.startsWith("23") || text.contains("constraint") || text.contains("duplicate entry");
        if (!constraint) {
            return Optional.empty();
        }
        if (text.contains("unique") || text.contains("duplicate")) {
            return Optional.of(new PorticoException(ErrorCode.CONFLICT,
                    "The record conflicts with an existing one: a value that must be unique is taken.", error));
        }
        if (text.contains("foreign key") || state.equals("23503")) {
            return Optional.of(new PorticoException(ErrorCode.BAD_REQUEST,
                    "The record refers to a record that does not exist, or is still referred to by others.", error));
        }
        if (text.contains("not null") || text.contains("cannot be null") || state.equals("23502")) {
            return Optional.of(new PorticoException(ErrorCode.BAD_REQUEST, "A required field is missing.", error));
        }
        return Optional.of(new PorticoException(ErrorCode.BAD_REQUEST,
                "A value is out of range or too long for its field.", error));
    }
}
