package dev.portico.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.portico.PorticoException;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The rows of a backup archive: each table's data file, read and type-checked by {@link RowReader}, and
 * checked against the manifest's SHA-256 and row count as it is read. A restore loads inside one
 * transaction, so a file that turns out damaged or edited (exit 3) rolls back every row taken from it:
 * the archive is read once, not verified in a pass of its own first. Not thread-safe.
 */
final class ArchiveRows implements RowSource {
    private final ZipFile zip;
    private final Path file;
    private final Map<String, BackupManifest.TableEntry> tables;

    ArchiveRows(ZipFile zip, Path file, BackupManifest manifest) {
        this.zip = zip;
        this.file = file;
        this.tables = manifest.tables().stream()
                .collect(Collectors.toMap(BackupManifest.TableEntry::name, Function.identity()));
    }

    @Override
    public long read(String table, List<BackupManifest.Column> columns, RowReader.RowSink sink) throws Exception {
        BackupManifest.TableEntry entry = tables.get(table);
        try (DigestInputStream in = new DigestInputStream(new Checked(zip.getInputStream(zip.getEntry(entry.file()))),
                ArchiveWriter.sha256())) {
            long rows = RowReader.read(in, columns, sink);
            in.transferTo(OutputStream.nullOutputStream());
            String sha256 = HexFormat.of().formatHex(in.getMessageDigest().digest());
            if (!sha256.equals(entry.sha256()) || rows != entry.rows()) {
                throw ArchiveVerifier.damaged(file, entry.file() + " holds " + rows + " rows with SHA-256 " + sha256
                        + ", the manifest says " + entry.rows() + " rows with " + entry.sha256());
            }
            return rows;
        } catch (RowReader.BadRow | JsonProcessingException e) {
            throw ArchiveVerifier.damaged(file, entry.file() + ": " + e.getMessage());
        }
    }

    /** The entry's bytes; a read that fails says whether the archive is damaged or could not be read. */
    private final class Checked extends FilterInputStream {
        Checked(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw failure(e);
            }
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            try {
                return super.read(bytes, offset, length);
            } catch (IOException e) {
                throw failure(e);
            }
        }

        private PorticoException failure(IOException e) {
            return e instanceof ZipException || e instanceof EOFException
                    ? ArchiveVerifier.damaged(file, "its data cannot be unpacked (" + e.getMessage() + ")")
                    : ArchiveVerifier.unreadable(file, e);
        }
    }
}
