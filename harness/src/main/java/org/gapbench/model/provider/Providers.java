package org.gapbench.model.provider;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.DataStore;
import org.gapbench.dataset.Item;
import org.gapbench.model.BatchSupport;
import org.gapbench.model.ChatClient;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.ModelTarget;

/**
 * Opens the bare client of a resolved model: one attempt per call, no cache, no retries, no limits. Nothing but
 * {@code run}'s client factory calls this: every client it opens is wrapped in the decorators of
 * {@code model.resilient} before anyone asks it anything.
 */
public final class Providers {
    /** One connection pool for every provider in the process; built on first use (TLS set-up costs ~0.3 s of CPU). */
    private static final HttpClient HTTP = LazyHttpClient.of(() -> HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(20))
            .build());

    private Providers() {
    }

    /** The shared JDK HTTP client (also used to download benchmark data). */
    public static HttpClient http() {
        return HTTP;
    }

    /**
     * Checks a replay's recording before any request: a recording manifest ({@code .yaml}) must map each record's
     * response, and every file it names must be found in {@code store} with its sha256. A JSONL recording is read as
     * it is opened.
     */
    public static void checkRecording(Path file, DataStore store) {
        if (ReplayClient.isManifest(file)) {
            ReplayClient.checkManifest(file, store);
        }
    }

    /**
     * Opens {@code target}. The API key is read from the environment here and nowhere else, and never leaves the
     * client.
     *
     * @param oracle the answer a perfect model gives to an item (used by the {@code oracle} provider only)
     * @param bounds how long an exchange may last and how large its body may grow
     */
    public static ChatClient open(ModelTarget target, GenerationParams params, Function<Item, String> oracle, ResponseBounds bounds) {
        return open(target, params, oracle, bounds, StreamMode.AUTO);
    }

    /**
     * {@link #open(ModelTarget, GenerationParams, Function, ResponseBounds)}, streaming the answers as {@code stream}
     * says (only the OpenAI and Anthropic wire formats stream; see {@link StreamMode#streams}).
     */
    public static ChatClient open(ModelTarget target, GenerationParams params, Function<Item, String> oracle, ResponseBounds bounds,
                                  StreamMode stream) {
        return switch (target.profile().wire()) {
            case ORACLE -> new OracleClient(oracle);
            case REPLAY -> new ReplayClient(target.file() != null ? target.file() : Path.of(target.modelName()), target.recordings());
            default -> {
                String key = target.apiKeyEnv() == null ? null : System.getenv(target.apiKeyEnv());
                if ((key == null || key.isBlank()) && target.profile().keyRequired() && !ModelTarget.isLoopback(target.baseUrl())) {
                    throw new ConfigException("no API key: set the environment variable " + target.apiKeyEnv()
                            + " (or name another with --api-key-env)");
                }
                yield new LangChainChatClient(target.profile().wire(), target.baseUrl(), key, target.modelName(), params, HTTP, bounds, stream);
            }
        };
    }

    /**
     * The batch API of {@code target}'s provider, as its profile declares it ({@link org.gapbench.model.ProviderProfile#batch}),
     * or null when it has none here (its requests go the ordinary way). The key is read as {@link #open} reads it.
     */
    public static BatchApi openBatches(ModelTarget target, ResponseBounds bounds) {
        BatchSupport batch = target.profile().batch();
        if (batch == null) {
            return null;
        }
        String key = target.apiKeyEnv() == null ? null : System.getenv(target.apiKeyEnv());
        if ((key == null || key.isBlank()) && target.profile().keyRequired() && !ModelTarget.isLoopback(target.baseUrl())) {
            throw new ConfigException("no API key: set the environment variable " + target.apiKeyEnv()
                    + " (or name another with --api-key-env)");
        }
        return switch (batch.wire()) {
            case OPENAI_FILES -> new OpenAiBatches(HTTP, bounds, target.baseUrl(), key, batch.lineUrl());
            case ANTHROPIC -> new AnthropicBatches(HTTP, bounds, target.baseUrl(), key, LangChainChatClient.ANTHROPIC_DEFAULT_MAX_TOKENS);
            case GEMINI -> new GeminiBatches(HTTP, bounds, target.baseUrl(), key, target.modelName());
        };
    }
}
