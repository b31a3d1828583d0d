package org.gapbench.model;

import java.time.Duration;
import java.util.Optional;
import org.gapbench.config.ConfigException;

/**
 * A model spec resolved against the provider profiles and the catalog: {@code <catalog id>} or
 * {@code <provider>:<model name>} (for {@code replay:<file>} the model name is the file).
 *
 * @param entry the catalog facts, when the model is in the catalog (country, release date, prices)
 */
public record ModelTarget(String spec, ProviderProfile profile, String modelName, String baseUrl, String apiKeyEnv,
                          CatalogEntry entry) {

    /** @param as a catalog id to attribute the model to (a replay of that model's recorded outputs), or null */
    public static ModelTarget resolve(String spec, Catalog catalog, String baseUrlOverride, String apiKeyEnvOverride, String as) {
        Optional<CatalogEntry> byId = catalog.find(spec);
        ProviderProfile profile;
        String modelName;
        CatalogEntry entry;
        if (byId.isPresent()) {
            entry = byId.get();
            profile = ProviderProfile.find(entry.provider()).orElseThrow();
            modelName = entry.apiModel();
        } else {
            int colon = spec.indexOf(':');
            if (colon <= 0 || colon == spec.length() - 1) {
                throw new ConfigException("unknown model '" + spec + "': use a catalog id (gapbench list models) or <provider>:<model>");
            }
            String providerName = spec.substring(0, colon);
            profile = ProviderProfile.find(providerName).orElseThrow(() -> new ConfigException(
                    "unknown provider '" + providerName + "' in '" + spec + "' (gapbench list providers)"));
            modelName = spec.substring(colon + 1);
            entry = catalog.findByApiModel(providerName, modelName).orElse(null);
        }
        if (as != null) {
            entry = catalog.find(as).orElseThrow(() -> new ConfigException("--as " + as + ": no such model in the catalog"));
        }
        String baseUrl = baseUrlOverride != null ? baseUrlOverride : profile.defaultBaseUrl();
        boolean http = profile.wire() != ProviderProfile.Wire.ORACLE && profile.wire() != ProviderProfile.Wire.REPLAY;
        if (http && baseUrl == null) {
            throw new ConfigException("provider '" + profile.name() + "' needs --base-url");
        }
        String keyEnv = apiKeyEnvOverride != null ? apiKeyEnvOverride : profile.apiKeyEnv();
        return new ModelTarget(spec, profile, modelName, http ? baseUrl : null, http ? keyEnv : null, entry);
    }

    /** The name shown on leaderboards: the catalog id when known, else the spec. */
    public String displayName() {
        return entry != null ? entry.id() : spec;
    }

    /** Local servers (vLLM, a test double) usually take no key, so none is demanded for them. */
    static boolean isLoopback(String url) {
        try {
            String host = java.net.URI.create(url).getHost();
            return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public boolean local() {
        return profile.wire() == ProviderProfile.Wire.ORACLE || profile.wire() == ProviderProfile.Wire.REPLAY;
    }

    /**
     * Opens a client. The key is read from the environment here and nowhere else, and never leaves the client.
     *
     * @param oracleTemplate the suite's oracle answer template (used by the oracle provider only)
     */
    public ChatClient open(GenerationParams params, String oracleTemplate, java.net.http.HttpClient http, Duration timeout) {
        return switch (profile.wire()) {
            case ORACLE -> new OracleClient(oracleTemplate);
            case REPLAY -> new ReplayClient(java.nio.file.Path.of(modelName));
            default -> {
                String key = apiKeyEnv == null ? null : System.getenv(apiKeyEnv);
                if ((key == null || key.isBlank()) && profile.keyRequired() && !isLoopback(baseUrl)) {
                    throw new ConfigException("no API key: set the environment variable " + apiKeyEnv
                            + " (or name another with --api-key-env)");
                }
                yield new LangChainChatClient(profile.wire(), baseUrl, key, modelName, params, http, timeout);
            }
        };
    }
}
