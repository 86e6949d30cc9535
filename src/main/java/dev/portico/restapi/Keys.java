package dev.portico.restapi;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.services.Column;
import dev.portico.services.TableSchema;
import java.util.Optional;

/** Which column identifies a table's records: {@code id_field} when given, else a one-column primary key. */
final class Keys {
    private Keys() {
    }

    static Column column(TableSchema table, Optional<String> idField) {
        if (idField.isPresent()) {
            return table.column(idField.get()).orElseThrow(() -> new PorticoException(ErrorCode.BAD_REQUEST,
                    "Invalid id_field '" + idField.get() + "' for table '" + table.name() + "'."));
        }
        if (table.primaryKey().isEmpty()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "Table '" + table.name() + "' has no primary key, so its "
                    + "records have no identifier. Name a unique column with id_field=, or use a filter.");
        }
        if (table.primaryKey().size() > 1) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "Table '" + table.name() + "' has a composite primary key ("
                    + String.join(", ", table.primaryKey()) + "); identify its records with a filter, or name one "
                    + "unique column with id_field=.");
        }
        return table.column(table.primaryKey().get(0)).orElseThrow();
    }
}
