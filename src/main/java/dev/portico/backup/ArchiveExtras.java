package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.crypto.KeyWrap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The small parts of an archive a restore decides with before the full integrity check: the manifest,
 * the wrapped key and the archived .env, each checked against its SHA-256 in the manifest (exit 3 when
 * it differs). Reads only; immutable once read.
 */
public final class ArchiveExtras {
    private final Path file;
    private final BackupManifest manifest;
    private final Optional<KeyWrap.Wrapped> wrappedKey;
    private final Optional<List<String>> envLines;

    private ArchiveExtras(Path file, BackupManifest manifest, Optional<KeyWrap.Wrapped> wrappedKey,
                          Optional<List<String>> envLines) {
        this.file = file;
        this.manifest = manifest;
        this.wrappedKey = wrappedKey;
        this.envLines = envLines;
    }

    public static ArchiveExtras read(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            BackupManifest manifest = ManifestReader.read(zip, file);
            Optional<KeyWrap.Wrapped> key = entry(zip, file, manifest, KeyEntry.ENTRY).map(KeyEntry::parse);
            if (key.isPresent() && !key.get().fingerprint().equals(manifest.keyFingerprint())) {
                throw new PorticoException(ErrorCode.CHECKS_FAILED, "The wrapped key in " + file + " names key "
                        + key.get().fingerprint() + ", but the manifest says " + manifest.keyFingerprint()
                        + ": the archive was edited. Do not restore it; use another backup.");
            }
            Optional<List<String>> env = entry(zip, file, manifest, BackupService.ENV_ENTRY)
                    .map(bytes -> new String(bytes, StandardCharsets.UTF_8).lines().toList());
            return new ArchiveExtras(file, manifest, key, env);
        } catch (IOException e) {
            throw ArchiveVerifier.unreadable(file, e);
        }
    }

    public BackupManifest manifest() {
        return manifest;
    }

    /** APP_KEY wrapped under the passphrase, when the archive was made with --with-key. */
    public Optional<KeyWrap.Wrapped> wrappedKey() {
        return wrappedKey;
    }

    /** The lines of the archived .env, when the archive was made with --include-env. */
    public Optional<List<String>> envLines() {
        return envLines;
    }

    public Path file() {
        return file;
    }

    private static Optional<byte[]> entry(ZipFile zip, Path file, BackupManifest manifest, String name)
            throws IOException {
        Optional<BackupManifest.FileEntry> listed = manifest.files().stream().filter(f -> f.path().equals(name)).findFirst();
        ZipEntry entry = zip.getEntry(name);
        if (listed.isEmpty() || entry == null) {
            if (listed.isPresent() || entry != null) {
                throw new PorticoException(ErrorCode.CHECKS_FAILED, file + ": " + name + (entry == null
                        ? " is in the manifest but missing" : " is in the archive but not in its manifest")
                        + ". Do not restore it; use another backup.");
            }
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes(1 << 20);
        }
        String sha256 = HexFormat.of().formatHex(ArchiveWriter.sha256().digest(bytes));
        if (!MessageDigest.isEqual(sha256.getBytes(StandardCharsets.US_ASCII),
                listed.get().sha256().getBytes(StandardCharsets.US_ASCII)) || bytes.length != listed.get().bytes()) {
            throw new PorticoException(ErrorCode.CHECKS_FAILED, file + ": " + name + " has SHA-256 " + sha256
                    + ", the manifest says " + listed.get().sha256() + ": the archive was edited or is damaged. "
                    + "Do not restore it; use another backup.");
        }
        return Optional.of(bytes);
    }
}
