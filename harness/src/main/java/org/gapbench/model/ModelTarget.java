package org.gapbench.model;

import java.util.Optional;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.DataStore;

/**
 * A model spec resolved against the provider profiles and the catalog: {@code <catalog id>} or
 * {@code <provider>:<model name>} (for {@code replay:<file>} the model name is the file).
 *
 * @param entry      the catalog facts, when the model is in the catalog (country, release date, prices)
 * @param file       a replay's recorded outputs on this machine (null for other providers); never recorded
 * @param fileSha256 the sha256 of {@code file}: what names the recording in a run's identity
 * @param recordings where the files a recording manifest names are found, by sha256 (a replay's; null otherwise)
 */
public record ModelTarget(String spec, ProviderProfile profile, String modelName, String baseUrl, String apiKeyEnv,
                          CatalogEntry entry, java.nio.file.Path file, String fileSha256, DataStore recordings) {

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
        return new ModelTarget(spec, profile, modelName, http ? baseUrl : null, http ? keyEnv : null, entry, null, null, null);
    }

    /**
     * This replay target reading {@code file}, named by {@code name} (its path relative to the data directory it was
     * found in, so the name is the same on every machine) and by its sha256; a recording manifest's own files are
     * found in {@code recordings}.
     */
    public ModelTarget withReplayFile(java.nio.file.Path file, String name, String sha256, DataStore recordings) {
        return new ModelTarget(profile.name() + ":" + name, profile, name, baseUrl, apiKeyEnv, entry, file, sha256, recordings);
    }

    public boolean isReplay() {
        return profile.wire() == ProviderProfile.Wire.REPLAY;
    }

    /**
     * A recording's short name: its file name without the extension ({@code replay:replays/ja-vicuna-qa/x.yaml} and
     * {@code replays/ja-vicuna-qa/x.yaml} are {@code x}). The key a replay judge's recordings know a replayed model by.
     */
    public static String recordingName(String specOrPath) {
        String file = specOrPath.substring(Math.max(specOrPath.lastIndexOf('/'), specOrPath.indexOf(':')) + 1);
        return file.replaceFirst("\\.(yaml|yml|jsonl\\.gz|jsonl)$", "");
    }

    /** The name shown on leaderboards: the catalog id when known, else the spec. */
    public String displayName() {
        return entry != null ? entry.id() : spec;
    }

    /**
     * Refuses a {@code --base-url} that is not an http(s) URL with a host, with the URL it probably meant:
     * {@code --base-url '127.0.0.1:8000' is not a URL: did you mean http://127.0.0.1:8000/v1?}.
     */
    public static void checkBaseUrl(String url) {
        String u = url.strip();
        java.net.URI uri;
        try {
            uri = new java.net.URI(u);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        boolean ok = uri != null && uri.getScheme() != null && (uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                && uri.getHost() != null;
        if (ok) {
            return;
        }
        String hint = "expected one like http://127.0.0.1:8000/v1";
        if (!u.contains("://") && u.matches("[A-Za-z0-9.\\-\\[\\]:]+(:\\d+)?(/\\S*)?")) {
            hint = "did you mean http://" + u + (u.contains("/") ? "" : "/v1") + "?";
        }
        throw new ConfigException("--base-url '" + url + "' is not a URL: " + hint);
    }

    /** Local servers (vLLM, a test double) usually take no key, so none is demanded for them. */
    public static boolean isLoopback(String url) {
        try {
            String host = java.net.URI.create(url).getHost();
            return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
