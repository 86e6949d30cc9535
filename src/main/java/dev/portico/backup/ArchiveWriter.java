package dev.portico.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes one archive to a temporary file beside its final name, entry by entry, hashing each as it
 * streams (and the file's own bytes as they go to disk); {@link #finish} checks what was written and syncs
 * it to disk, {@link #commit} renames it into place, {@link #close} without a commit deletes it, so an
 * interrupted backup never leaves a file that looks finished. Each entry is compressed on a second thread
 * ({@link OffThreadStream}) that ends with the entry. Not thread-safe: one thread calls it.
 */
final class ArchiveWriter implements AutoCloseable {
    static final ObjectMapper MANIFEST_JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes an entry's content; the stream must not be closed. */
    @FunctionalInterface
    interface EntryBody<T> {
        T write(OutputStream out) throws Exception;
    }

    /** What an entry's body returned, with the entry's size and SHA-256 (hex). */
    record Written<T>(T result, long bytes, String sha256) {
    }

    private final Path target;
    private final Path temporary;
    private final FileChannel file;
    private final DigestOutputStream fileDigest;
    private final ZipOutputStream zip;
    /** Every entry written, with its uncompressed size: what the finished file's central directory must list. */
    private final Map<String, Long> entries = new LinkedHashMap<>();
    private String fileSha256;
    private boolean committed;

    ArchiveWriter(Path target) throws IOException {
        this.target = target;
        this.temporary = Files.createTempFile(target.getParent(), ".portico-backup-", ".partial");
        try {
            this.file = FileChannel.open(temporary, StandardOpenOption.WRITE);
            this.fileDigest = new DigestOutputStream(Channels.newOutputStream(file), sha256());
            this.zip = new ZipOutputStream(new BufferedOutputStream(fileDigest, 1 << 16));
            // hashes and sealed secrets barely compress: level 1 is ~17 % larger than the default 6, at less than half the CPU
            this.zip.setLevel(Deflater.BEST_SPEED);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    <T> Written<T> entry(String name, EntryBody<T> body) throws Exception {
        zip.putNextEntry(new ZipEntry(name));
        // the body formats and hashes on this thread while a second one compresses: the two overlap
        OffThreadStream compressing = new OffThreadStream(zip, "portico-backup-deflate");
        try {
            CountingStream counting = new CountingStream(compressing);
            DigestOutputStream digesting = new DigestOutputStream(counting, sha256());
            T result = body.write(digesting);
            digesting.flush();
            compressing.close();
            zip.closeEntry();
            entries.put(name, counting.bytes);
            return new Written<>(result, counting.bytes, HexFormat.of().formatHex(digesting.getMessageDigest().digest()));
        } finally {
            compressing.stop();
        }
    }

    /**
     * Writes the manifest as the last entry, finishes the ZIP, syncs the file to disk, and checks it as
     * written ({@link WrittenArchive}): a ZIP whose central directory lists exactly the entries written, each
     * with the size that was hashed, and a manifest that reads back equal. Throws {@link IOException} naming
     * the difference.
     */
    void finish(BackupManifest manifest) throws IOException {
        byte[] json = MANIFEST_JSON.writeValueAsBytes(manifest);
        zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
        zip.write(json);
        zip.closeEntry();
        entries.put(BackupManifest.ENTRY, (long) json.length);
        zip.finish();
        zip.flush();
        // the rollback point an upgrade records must outlive a crash during the migrations
        file.force(true);
        zip.close();
        fileSha256 = HexFormat.of().formatHex(fileDigest.getMessageDigest().digest());
        WrittenArchive.check(temporary, entries, manifest);
    }

    /** The SHA-256 of the finished file, hashed as it was written; null before {@link #finish}. */
    String fileSha256() {
        return fileSha256;
    }

    /** Moves the finished archive to its final name, and syncs the folder so the name survives a crash too. */
    void commit() throws IOException {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        try (FileChannel folder = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException ignored) {
            // some file systems cannot sync a folder; the file itself is on disk already
        }
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                zip.close();
            } catch (IOException ignored) {
                // the disk may be full: what matters is that the partial file goes
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Counts bytes and keeps the ZIP stream open when an entry's writer closes its stream. */
    private static final class CountingStream extends FilterOutputStream {
        long bytes;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytes++;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            out.write(buffer, offset, length);
            bytes += length;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
