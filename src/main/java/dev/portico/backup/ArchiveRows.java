package dev.portico.backup;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The rows of a backup archive: each table's data file, read and type-checked by {@link RowReader}. Not thread-safe. */
final class ArchiveRows implements RowSource {
    private final ZipFile zip;
    private final Map<String, String> files;

    ArchiveRows(ZipFile zip, BackupManifest manifest) {
        this.zip = zip;
        this.files = manifest.tables().stream()
                .collect(Collectors.toMap(BackupManifest.TableEntry::name, BackupManifest.TableEntry::file));
    }

    @Override
    public long read(String table, List<BackupManifest.Column> columns, RowReader.RowSink sink) throws Exception {
        ZipEntry entry = zip.getEntry(files.get(table));
        try (InputStream in = zip.getInputStream(entry)) {
            return RowReader.read(in, columns, sink);
        }
    }
}
