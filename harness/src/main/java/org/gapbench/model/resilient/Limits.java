package org.gapbench.model.resilient;

import org.gapbench.model.ProviderProfile;

/**
 * How hard one endpoint may be asked: requests in flight, requests per minute and tokens per minute (0 = no limit).
 *
 * @param concurrency the most requests in flight (the adaptive limit starts here and halves on 429s)
 */
public record Limits(int concurrency, int requestsPerMinute, int tokensPerMinute) {
    public Limits {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
    }

    /** The profile's defaults, each replaced by an override that is not null. */
    public static Limits of(ProviderProfile profile, Integer concurrency, Integer rpm, Integer tpm) {
        return new Limits(concurrency != null ? concurrency : profile.defaultConcurrency(),
                rpm != null ? rpm : profile.requestsPerMinute(), tpm != null ? tpm : profile.tokensPerMinute());
    }
}
