package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Reads and checks {@code manifest.json} from an archive, through the ZIP's central directory. */
final class ManifestReader {
    private ManifestReader() {
    }

    static BackupManifest read(ZipFile zip, Path file) throws IOException {
        ZipEntry entry = zip.getEntry(BackupManifest.ENTRY);
        if (entry == null) {
            throw new PorticoException(ErrorCode.CHECKS_FAILED, file + " has no " + BackupManifest.ENTRY
                    + ": it is not a Portico backup.");
        }
        BackupManifest manifest;
        try (InputStream in = zip.getInputStream(entry)) {
            manifest = ArchiveWriter.MANIFEST_JSON.readValue(in, BackupManifest.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new PorticoException(ErrorCode.CHECKS_FAILED, "The " + BackupManifest.ENTRY + " of " + file
                    + " cannot be read (" + e.getMessage().lines().findFirst().orElse("") + "): the archive is damaged.", e);
        }
        if (manifest.formatVersion() != BackupManifest.FORMAT_VERSION) {
            throw new PorticoException(ErrorCode.REFUSED, file + " is backup format " + manifest.formatVersion()
                    + "; this Portico reads format " + BackupManifest.FORMAT_VERSION + ". Use the Portico that wrote it, or newer.");
        }
        return manifest;
    }
}
