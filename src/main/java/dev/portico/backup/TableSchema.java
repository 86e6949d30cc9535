package dev.portico.backup;

import java.util.List;

/** One table as the backup sees it: its name, its columns with neutral types, and the tables it references. */
record TableSchema(String name, List<BackupManifest.Column> columns, List<Reference> references) {
    TableSchema {
        columns = List.copyOf(columns);
        references = List.copyOf(references);
    }

    /** A foreign key from {@code column} to {@code table}; a nullable one can be filled in after loading. */
    record Reference(String column, String table, boolean nullable) {
    }
}
