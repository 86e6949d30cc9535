package dev.portico.backup;

import java.util.List;

/**
 * Where a load reads a table's rows from, as neutral values ({@link Long}, {@link Boolean}, {@link String}),
 * one row at a time, in id order: an archive's data file ({@link ArchiveRows}) or a live database inside a
 * snapshot ({@link TableRows}). A table can be read more than once (the second pass fills forward references).
 * Implementations are not thread-safe.
 */
interface RowSource {
    /** Streams every row of {@code table}, values in the order of {@code columns}; returns how many. */
    long read(String table, List<BackupManifest.Column> columns, RowReader.RowSink sink) throws Exception;
}
