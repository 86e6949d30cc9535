package dev.portico.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The archives in an instance's backups folder, each described by its manifest (read from the ZIP's
 * central directory, without reading the data). Temporary files of running backups are not listed.
 * Stateless and thread-safe.
 */
public final class BackupCatalog {
    /**
     * One archive; {@code problem} is set, and the manifest fields empty, when it cannot be read;
     * {@code rollbackPoint} names the upgrade rollback point it is, if any.
     */
    public record Entry(String file, long bytes, String createdAt, String porticoVersion, Integer schemaVersion,
                        String sourceEngine, String instanceId, Long rows, boolean includeEnv, String problem,
                        String rollbackPoint) {
        public Entry withRollbackPoint(String id) {
            return new Entry(file, bytes, createdAt, porticoVersion, schemaVersion, sourceEngine, instanceId, rows,
                    includeEnv, problem, id);
        }
    }

    private final Path folder;

    public BackupCatalog(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /** Every {@code *.zip} in the folder, newest name last. */
    public List<Entry> list() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> archives;
        try (Stream<Path> files = Files.list(folder)) {
            archives = files.filter(path -> path.getFileName().toString().endsWith(".zip") && Files.isRegularFile(path))
                    .sorted(Comparator.comparing(path -> path.getFileName().toString())).toList();
        }
        List<Entry> entries = new ArrayList<>();
        for (Path archive : archives) {
            entries.add(describe(archive));
        }
        return entries;
    }

    /**
     * Deletes all but the {@code keep} newest readable archives (by their manifest's creation time),
     * never one named in {@code protect}, each after the files that belong to it ({@code companions}:
     * deleted first, so nothing is left pointing at a missing archive), and returns what it deleted.
     * Unreadable files are never deleted: they may not be Portico's.
     */
    public List<Entry> prune(int keep, Set<String> protect, Function<String, List<Path>> companions) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one archive");
        }
        List<Entry> readable = new ArrayList<>(list().stream().filter(entry -> entry.problem() == null)
                .sorted(Comparator.comparing(Entry::createdAt).thenComparing(Entry::file)).toList());
        List<Entry> deleted = new ArrayList<>();
        for (Entry entry : readable.subList(0, Math.max(0, readable.size() - keep))) {
            if (protect.contains(entry.file())) {
                continue;
            }
            for (Path companion : companions.apply(entry.file())) {
                Files.deleteIfExists(companion);
            }
            Files.delete(folder.resolve(entry.file()));
            deleted.add(entry);
        }
        return deleted;
    }

    private static Entry describe(Path archive) throws IOException {
        String name = archive.getFileName().toString();
        long bytes = Files.size(archive);
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            BackupManifest manifest = ManifestReader.read(zip, archive);
            return new Entry(name, bytes, manifest.createdAt(), manifest.porticoVersion(), manifest.schemaVersion(),
                    manifest.sourceEngine(), manifest.instanceId(), manifest.totalRows(), manifest.includeEnv(), null, null);
        } catch (IOException | RuntimeException e) {
            return new Entry(name, bytes, null, null, null, null, null, null, false,
                    "unreadable: run `portico backup:verify " + archive + "`", null);
        }
    }
}
