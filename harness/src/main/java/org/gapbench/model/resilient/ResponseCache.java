package org.gapbench.model.resilient;

import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.gapbench.config.ConfigException;
import org.gapbench.io.Hashes;
import org.gapbench.io.Json;
import org.gapbench.model.Message;
import org.gapbench.model.ModelResponse;

/**
 * Responses already paid for, in SQLite, keyed by a hash of provider, endpoint, model, parameters, messages and
 * sample index. WAL mode and a busy timeout make it safe for several processes (shards on one host); inside a
 * process, reads share one connection and writes go through one writer thread in batched transactions.
 */
public final class ResponseCache implements AutoCloseable {
    private static final Object POISON = new Object();

    private final Connection reader;
    /** The one lookup, prepared once: preparing it costs more than running it. Guarded by this object. */
    private final PreparedStatement select;
    private final Connection writerConnection;
    private final BlockingQueue<Object> pending = new LinkedBlockingQueue<>();
    private final Thread writer;
    /**
     * Below this much free space on its disk the cache stops writing: the disk is left to the journal, which a run
     * cannot do without (SQLite's write-ahead log alone grows to 4 MiB before a checkpoint).
     */
    static final long RESERVE_BYTES = 64L << 20;

    /**
     * How long the writer waits after the first pending response for others, so that one transaction holds the
     * responses of many samples: a commit costs far more than a row, and nothing reads the rows until a later run.
     */
    static final long LINGER_MS = 10;

    private final Path file;
    /** The disk the cache is on, resolved once (finding it reads the mount table); null when it cannot be told. */
    private final FileStore store;
    private volatile String failure;

    private record Entry(String key, ModelResponse response) {
    }

    private ResponseCache(Path file) throws SQLException {
        this.file = file;
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        writerConnection = DriverManager.getConnection(url);
        Connection r = null;
        PreparedStatement q = null;
        try {
            try (Statement s = writerConnection.createStatement()) {
                s.execute("PRAGMA busy_timeout = 30000");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, text TEXT NOT NULL, reasoning TEXT,"
                        + " input_tokens INTEGER, output_tokens INTEGER, reasoning_tokens INTEGER, finish_reason TEXT,"
                        + " created_at TEXT DEFAULT CURRENT_TIMESTAMP, model TEXT)");
                addModelColumnIfMissing(s);
            }
            writerConnection.setAutoCommit(false);
            r = DriverManager.getConnection(url);
            try (Statement s = r.createStatement()) {
                s.execute("PRAGMA busy_timeout = 30000");
            }
            q = r.prepareStatement("SELECT text, reasoning, input_tokens, output_tokens, reasoning_tokens, finish_reason, model"
                    + " FROM responses WHERE key = ?");
        } catch (SQLException e) {
            // A cache that cannot be set up (a full disk) is not used: nothing of it may stay open.
            writerConnection.close();
            if (r != null) {
                r.close();
            }
            throw e;
        }
        reader = r;
        select = q;
        store = fileStore(file);
        writer = new Thread(this::drain, "gapbench-cache-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Caches written before the resolved model was recorded lack its column; their rows read as "not said". */
    private static void addModelColumnIfMissing(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM pragma_table_info('responses') WHERE name = 'model'")) {
            if (rs.next()) {
                return;
            }
        }
        s.execute("ALTER TABLE responses ADD COLUMN model TEXT");
    }

    public static ResponseCache open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return new ResponseCache(file);
        } catch (SQLException | java.io.IOException e) {
            throw new ConfigException("cannot open the response cache " + file + ": " + org.gapbench.io.WriteFailedException.reason(String.valueOf(e.getMessage())));
        }
    }

    public static Path defaultLocation() {
        return org.gapbench.dataset.DataStore.defaultUserCache().getParent().resolve("responses.sqlite");
    }

    /** The cache key of one request. The API key is not part of it: the same request costs the same. */
    public static String key(String provider, String baseUrl, String model, Object params, List<Message> messages, int sample) {
        return Hashes.sha256(provider, baseUrl, model, Json.write(params), Json.write(messages), Integer.toString(sample));
    }

    public synchronized Optional<ModelResponse> get(String key) {
        try {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ModelResponse(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getString(6),
                        rs.getString(7)));
            }
        } catch (SQLException e) {
            return Optional.empty(); // a cache that cannot be read is a miss, never a failed sample
        }
    }

    /** Hands {@code response} to the writer; once a write has failed (a full disk) nothing more is kept or queued. */
    public void put(String key, ModelResponse response) {
        if (failure == null) {
            pending.add(new Entry(key, response));
        }
    }

    private void drain() {
        List<Object> batch = new ArrayList<>();
        try (PreparedStatement ps = writerConnection.prepareStatement(
                "INSERT OR REPLACE INTO responses (key, text, reasoning, input_tokens, output_tokens, reasoning_tokens, finish_reason,"
                        + " model) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            while (true) {
                Object first = pending.take();
                batch.add(first);
                if (first != POISON) {
                    Thread.sleep(LINGER_MS);
                }
                pending.drainTo(batch);
                boolean stop = false;
                for (Object o : batch) {
                    if (o == POISON) {
                        stop = true;
                        continue;
                    }
                    Entry e = (Entry) o;
                    ps.setString(1, e.key());
                    ps.setString(2, e.response().text());
                    ps.setString(3, e.response().reasoning());
                    ps.setInt(4, e.response().inputTokens());
                    ps.setInt(5, e.response().outputTokens());
                    ps.setInt(6, e.response().reasoningTokens());
                    ps.setString(7, e.response().finishReason());
                    ps.setString(8, e.response().model());
                    ps.addBatch();
                }
                if (nearlyFull()) {
                    failure = "no space left on device: fewer than " + (RESERVE_BYTES >> 20) + " MiB free, kept for the journal";
                    return;
                }
                ps.executeBatch();
                writerConnection.commit();
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (SQLException e) {
            failure = org.gapbench.io.WriteFailedException.reason(String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean nearlyFull() {
        try {
            return store != null && store.getUsableSpace() < RESERVE_BYTES;
        } catch (java.io.IOException e) {
            return false; // cannot tell: let SQLite say when it is full
        }
    }

    private static FileStore fileStore(Path file) {
        try {
            return Files.getFileStore(file.toAbsolutePath());
        } catch (java.io.IOException e) {
            return null; // cannot tell: let SQLite say when it is full
        }
    }

    @Override
    public void close() {
        pending.add(POISON);
        try {
            writer.join();
            synchronized (this) {
                select.close();
            }
            reader.close();
            writerConnection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            // closing is best effort; everything was committed by the writer
        }
    }

    /** Why some responses could not be written (the run itself is unaffected: the journal holds them), or null. */
    public String writeFailure() {
        return failure;
    }
}
