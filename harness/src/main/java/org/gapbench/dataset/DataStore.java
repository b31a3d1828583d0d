package org.gapbench.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gapbench.config.ConfigException;
import org.gapbench.io.AtomicFiles;

/**
 * Finds the bytes a manifest names. Search order: {@code --data-dir}, then the project's own {@code datasets/}
 * directory (data the project owns and commits), then {@code $GAPBENCH_DATA}, then the user cache ({@code $XDG_CACHE_HOME/gapbench/data} or {@code ~/.cache/gapbench/data}). A file is found by its relative
 * path and accepted only if its sha256 matches; a mismatch is a hard error naming both the file and the manifest line.
 */
public final class DataStore {
    private final List<Path> searchPath;
    private final Path userCache;
    /** Hashing is the expensive part of resolving; remember what was verified in this process (path, size, mtime). */
    private final Map<String, String> verified = new ConcurrentHashMap<>();

    public DataStore(List<Path> searchPath, Path userCache) {
        this.searchPath = List.copyOf(searchPath);
        this.userCache = userCache;
    }

    /** The standard search path for the given {@code --data-dir} (may be null) and project datasets directory. */
    public static DataStore standard(Path dataDir, Path projectDatasets) {
        List<Path> dirs = new ArrayList<>();
        if (dataDir != null) {
            dirs.add(dataDir);
        }
        dirs.add(projectDatasets);
        String env = System.getenv("GAPBENCH_DATA");
        if (env != null && !env.isBlank()) {
            dirs.add(Path.of(env));
        }
        Path cache = defaultUserCache();
        dirs.add(cache);
        return new DataStore(dirs, cache);
    }

    public static Path defaultUserCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("gapbench").resolve("data");
    }

    public List<Path> searchPath() {
        return searchPath;
    }

    public Path userCache() {
        return userCache;
    }

    /** The verified local copy of {@code file}, or a {@link ConfigException} that says where we looked. */
    public Path resolve(DatasetManifest manifest, DatasetManifest.DataFile file) {
        return find(manifest, file).orElseThrow(() -> new ConfigException(manifest.source(), file.line(),
                "data file " + file.path() + " not found in " + searchPath
                        + " (set GAPBENCH_DATA to a mirror, or run 'gapbench data pull " + manifest.id() + "')"));
    }

    public Optional<Path> find(DatasetManifest manifest, DatasetManifest.DataFile file) {
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(file.path());
            if (Files.isRegularFile(candidate)) {
                String actual = sha256(candidate);
                if (!actual.equals(file.sha256())) {
                    throw new ConfigException(manifest.source(), file.line(), candidate + " has sha256 " + actual
                            + " but the manifest says " + file.sha256() + ": the file is corrupt or a different version");
                }
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Copies every file of {@code manifest} found under {@code mirror} into the user cache, after checking its hash. */
    public List<Path> importFrom(DatasetManifest manifest, Path mirror) {
        List<Path> copied = new ArrayList<>();
        for (DatasetManifest.DataFile f : manifest.files()) {
            Path src = mirror.resolve(f.path());
            if (!Files.isRegularFile(src)) {
                throw new ConfigException(manifest.source(), f.line(), "not in the mirror: " + src);
            }
            String actual = sha256(src);
            if (!actual.equals(f.sha256())) {
                throw new ConfigException(manifest.source(), f.line(), src + " has sha256 " + actual + " but the manifest says " + f.sha256());
            }
            copied.add(install(src, f.path()));
        }
        return copied;
    }

    /** Downloads the files of {@code manifest} that are not available locally from their {@code url}. */
    public List<Path> pull(DatasetManifest manifest, HttpClient http) {
        List<Path> fetched = new ArrayList<>();
        for (DatasetManifest.DataFile f : manifest.files()) {
            if (find(manifest, f).isPresent()) {
                continue;
            }
            if (f.url() == null) {
                throw new ConfigException(manifest.source(), f.line(), "no url to download " + f.path() + " from");
            }
            try {
                Path tmp = Files.createTempFile("gapbench-pull", ".part");
                try {
                    HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(f.url())).timeout(Duration.ofMinutes(5)).build(),
                            HttpResponse.BodyHandlers.ofFile(tmp));
                    if (r.statusCode() != 200) {
                        throw new ConfigException(manifest.source(), f.line(), "download of " + f.url() + " failed: HTTP " + r.statusCode());
                    }
                    String actual = sha256(tmp);
                    if (!actual.equals(f.sha256())) {
                        throw new ConfigException(manifest.source(), f.line(), "downloaded " + f.url() + " has sha256 " + actual
                                + " but the manifest says " + f.sha256());
                    }
                    fetched.add(install(tmp, f.path()));
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException e) {
                throw new ConfigException(manifest.source(), f.line(), "download of " + f.url() + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConfigException("interrupted while downloading " + f.url());
            }
        }
        return fetched;
    }

    private Path install(Path src, String relative) {
        Path dest = userCache.resolve(relative);
        try {
            AtomicFiles.copy(src, dest);
            return dest;
        } catch (java.io.UncheckedIOException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    public String sha256(Path file) {
        try {
            String key = file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
            String known = verified.get(key);
            if (known != null) {
                return known;
            }
            String hash = sha256Of(file);
            verified.put(key, hash);
            return hash;
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
    }

    public static String sha256Of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
