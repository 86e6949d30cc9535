package dev.portico.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The check of an archive this process has just written, before it is renamed into place: the ZIP's
 * central directory reads and lists exactly the entries written, each with the uncompressed size that was
 * hashed into the manifest, and {@code manifest.json} reads back equal to the manifest written. It reads no
 * data: every entry's SHA-256 and row count are those of the bytes as they were written, so inflating them
 * again (from the page cache, not the disk) would prove nothing more. Stateless.
 */
final class WrittenArchive {
    private WrittenArchive() {
    }

    /** Throws an {@link IOException} naming every difference between {@code file} and what was written. */
    static void check(Path file, Map<String, Long> written, BackupManifest manifest) throws IOException {
        List<String> problems = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Set<String> listed = new HashSet<>();
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                Long size = written.get(entry.getName());
                if (!listed.add(entry.getName())) {
                    problems.add(entry.getName() + " is listed twice");
                } else if (size == null) {
                    problems.add(entry.getName() + " is in the file but was not written");
                } else if (entry.getSize() != size) {
                    problems.add(entry.getName() + " has " + entry.getSize() + " bytes in the central directory, "
                            + size + " were written");
                }
            }
            written.keySet().stream().filter(name -> !listed.contains(name))
                    .forEach(name -> problems.add(name + " was written but is not in the central directory"));
            if (problems.isEmpty() && !ManifestReader.read(zip, file).equals(manifest)) {
                problems.add(BackupManifest.ENTRY + " reads back different from the manifest written");
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException("the archive just written does not read back as written: " + String.join("; ", problems));
        }
    }
}
