package dev.portico.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Copies an archive with changes, as an attacker or a damaged disk would make them. */
final class ArchiveEdit {
    private final Path source;
    private final Map<String, byte[]> replaced = new LinkedHashMap<>();
    private final Map<String, byte[]> added = new LinkedHashMap<>();
    private Consumer<ObjectNode> manifestEdit = manifest -> { };
    private boolean updateHashes = true;

    private ArchiveEdit(Path source) {
        this.source = source;
    }

    static ArchiveEdit of(Path source) {
        return new ArchiveEdit(source);
    }

    ArchiveEdit replace(String entry, byte[] bytes) {
        replaced.put(entry, bytes);
        return this;
    }

    /** Adds an entry, listed in the manifest's files with its true size and SHA-256. */
    ArchiveEdit add(String entry, byte[] bytes) {
        added.put(entry, bytes);
        return this;
    }

    ArchiveEdit manifest(Consumer<ObjectNode> edit) {
        manifestEdit = edit;
        return this;
    }

    /** Leaves the manifest's sizes and hashes as they were (a tampered entry, not a forged archive). */
    ArchiveEdit keepHashes() {
        updateHashes = false;
        return this;
    }

    Path writeTo(Path out) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) BackupFixture.manifest(source);
        ArrayNode files = (ArrayNode) manifest.get("files");
        if (updateHashes) {
            files.forEach(file -> {
                byte[] bytes = replaced.get(file.get("path").asText());
                if (bytes != null) {
                    ((ObjectNode) file).put("bytes", bytes.length).put("sha256", sha256(bytes));
                }
            });
        }
        added.forEach((name, bytes) -> files.addObject().put("path", name).put("bytes", bytes.length)
                .put("sha256", sha256(bytes)));
        manifestEdit.accept(manifest);
        try (ZipFile zip = new ZipFile(source.toFile()); ZipOutputStream zipOut = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry entry : zip.stream().toList()) {
                if (entry.getName().equals("manifest.json")) {
                    continue;
                }
                zipOut.putNextEntry(new ZipEntry(entry.getName()));
                if (replaced.containsKey(entry.getName())) {
                    zipOut.write(replaced.get(entry.getName()));
                } else {
                    try (InputStream in = zip.getInputStream(entry)) {
                        in.transferTo(zipOut);
                    }
                }
                zipOut.closeEntry();
            }
            for (Map.Entry<String, byte[]> entry : added.entrySet()) {
                zipOut.putNextEntry(new ZipEntry(entry.getKey()));
                zipOut.write(entry.getValue());
                zipOut.closeEntry();
            }
            zipOut.putNextEntry(new ZipEntry("manifest.json"));
            zipOut.write(json.writeValueAsBytes(manifest));
            zipOut.closeEntry();
        }
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
