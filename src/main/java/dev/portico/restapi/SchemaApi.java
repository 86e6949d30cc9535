package dev.portico.restapi;

import dev.portico.services.DatabaseService;
import dev.portico.services.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The read side of DreamFactory's {@code _schema} API: the tables, and one table's description. Thread-safe. */
public final class SchemaApi {
    /** {@code GET _schema}: name, label, plural and whether it is a view, for each table the caller may see. */
    public Map<String, Object> tables(DatabaseService service, Predicate<String> visible) {
        List<Map<String, Object>> tables = new ArrayList<>();
        service.tables().forEach((name, view) -> {
            if (visible.test(name)) {
                tables.add(SchemaDocument.summary(name, view));
            }
        });
        return Map.of("resource", tables);
    }

    /** {@code GET _schema/{table}}; {@code access} is the caller's verb mask on the table. */
    public Map<String, Object> describe(TableSchema table, int access) {
        return SchemaDocument.table(table, access);
    }
}
