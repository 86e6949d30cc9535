package dev.portico.backup;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipFile;

/**
 * Streams a live table through the same serialisation as {@code backup} ({@link TableDump}), so its
 * row count and SHA-256 equal the archive's when the data are equal on any engine. Only a table whose
 * count or SHA-256 differs from its manifest entry is read again, merged row by row with the archived data
 * file ({@link RowMerge}) to name the rows that differ. Not thread-safe.
 */
final class TableComparison {
    /** Receives each NDJSON line of a live table. */
    @FunctionalInterface
    interface LineSink {
        void accept(String line) throws IOException;
    }

    /** The count and SHA-256 of a live table. */
    record Dumped(long rows, String sha256) {
    }

    private final TableDump dump;
    private final ZipFile zip;

    TableComparison(TableDump dump, ZipFile zip) {
        this.dump = dump;
        this.zip = zip;
    }

    /** Counts and hashes a live table. */
    Dumped dump(TableSchema table) throws Exception {
        DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), ArchiveWriter.sha256());
        long rows = dump.write(table, out);
        return new Dumped(rows, HexFormat.of().formatHex(out.getMessageDigest().digest()));
    }

    /** Counts and hashes a live table; {@code sink} sees every line. */
    Dumped dump(TableSchema table, LineSink sink) throws Exception {
        try (DigestOutputStream out = new DigestOutputStream(new Lines(sink), ArchiveWriter.sha256())) {
            long rows = dump.write(table, out);
            out.flush();
            return new Dumped(rows, HexFormat.of().formatHex(out.getMessageDigest().digest()));
        }
    }

    /**
     * Compares a live table with its archive entry; either may be null (missing on that side). After a
     * forward migration ({@code migrated}) only the archive's columns are compared; {@code ignored} columns
     * (set by the migration, or the instance's running state) may differ.
     */
    TableDiff compare(TableSchema live, BackupManifest.TableEntry archived, boolean migrated, Set<String> ignored)
            throws Exception {
        if (live == null) {
            return new TableDiff(archived.name(), 0, archived.rows(), "", archived.sha256(),
                    "in the archive (" + archived.rows() + " rows) but not in the database", List.of(), 0, null, false);
        }
        if (archived == null) {
            Dumped dumped = dump(live);
            return new TableDiff(live.name(), dumped.rows(), 0, dumped.sha256(), "",
                    "in the database (" + dumped.rows() + " rows) but not in the archive", List.of(), 0, null, false);
        }
        List<String> added = live.columns().stream().filter(c -> !archived.columns().contains(c))
                .map(BackupManifest.Column::name).toList();
        boolean comparable = live.columns().containsAll(archived.columns()) && (added.isEmpty() || migrated)
                && archived.columns().stream().anyMatch(c -> c.name().equals("id"));
        if (!comparable) {
            Dumped dumped = dump(live);
            return new TableDiff(live.name(), dumped.rows(), archived.rows(), dumped.sha256(), archived.sha256(),
                    "the database has the columns " + names(live.columns()) + ", the archive " + names(archived.columns())
                    + " (compare with a backup of the same schema)", List.of(), 0, null, false);
        }
        // the archive's columns, in its order: equal data then give the archive's own SHA-256
        TableSchema projected = new TableSchema(live.name(), archived.columns(), live.references());
        Set<String> skipped = new TreeSet<>(ignored);
        skipped.retainAll(archived.columns().stream().map(BackupManifest.Column::name).toList());
        List<String> notes = new ArrayList<>();
        if (!added.isEmpty()) {
            notes.add("columns added since the archive's schema not compared: " + added);
        }
        if (!skipped.isEmpty()) {
            notes.add("not compared (set by a migration, or running state): " + skipped);
        }
        String note = notes.isEmpty() ? null : String.join("; ", notes);
        Dumped hashed = dump(projected);
        if (hashed.rows() == archived.rows() && hashed.sha256().equals(archived.sha256())) {
            // the bytes backup wrote, so equal row for row: the archive need not be read
            return new TableDiff(live.name(), hashed.rows(), archived.rows(), hashed.sha256(), archived.sha256(), null,
                    List.of(), 0, note, !skipped.isEmpty());
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                zip.getInputStream(zip.getEntry(archived.file())), StandardCharsets.UTF_8))) {
            RowMerge merge = new RowMerge(reader, archived.columns(), skipped);
            Dumped dumped = dump(projected, merge::live);
            merge.finish();
            return new TableDiff(live.name(), dumped.rows(), archived.rows(), dumped.sha256(), archived.sha256(), null,
                    merge.differences(), merge.differing(), note, !skipped.isEmpty());
        }
    }

    private static String names(List<BackupManifest.Column> columns) {
        return columns.stream().map(BackupManifest.Column::name).toList().toString();
    }

    /** Splits the dump into lines as it streams; one line is held at a time. */
    private static final class Lines extends OutputStream {
        private final LineSink sink;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Lines(LineSink sink) {
            this.sink = sink;
        }

        @Override
        public void write(int b) throws IOException {
            if (b == '\n') {
                sink.accept(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            int start = offset;
            for (int i = offset; i < offset + length; i++) {
                if (buffer[i] == '\n') {
                    line.write(buffer, start, i - start);
                    sink.accept(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                    start = i + 1;
                }
            }
            line.write(buffer, start, offset + length - start);
        }
    }
}
