package dev.portico.cache;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A cache of files under {@code storage/cache/data}. */
final class FileCacheStore implements CacheStore {
    private final Path folder;

    FileCacheStore(Path folder) {
        this.folder = folder;
    }

    @Override
    public String describe() {
        return "file cache in " + folder;
    }

    @Override
    public boolean contains(String key) {
        return Files.isRegularFile(folder.resolve(fileName(key)));
    }

    @Override
    public void put(String key, String value) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(fileName(key)), value);
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Cannot write the file cache in " + folder + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "). Check its permissions.", e);
        }
    }

    private static String fileName(String key) {
        if (!key.matches("[A-Za-z0-9._-]{1,100}") || key.startsWith(".")) {
            throw new IllegalArgumentException("cache keys are 1-100 letters, digits, '-', '_' or '.': " + key);
        }
        return key;
    }

    @Override
    public String ping() {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "The " + describe() + " cannot be written: "
                    + (existing == null ? "no folder above it exists" : existing + (Files.isDirectory(existing)
                    ? " is not writable by this user" : " is a file, not a folder"))
                    + ". Fix the folder (see the folders row), or set CACHE_DRIVER=memory.");
        }
        return describe() + (existing.equals(folder) ? ", writable" : ", created on first use");
    }

    @Override
    public long clear() {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Path> entries = walk.filter(path -> !path.equals(folder))
                    .sorted(Comparator.reverseOrder()).toList();
            long files = 0;
            for (Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    files++;
                }
                Files.delete(entry);
            }
            return files;
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot empty the file cache in " + folder + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "). Check its permissions.", e);
        }
    }
}
