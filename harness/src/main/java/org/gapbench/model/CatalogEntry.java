package org.gapbench.model;

import java.time.LocalDate;

/**
 * Facts about one model from {@code datasets/models.csv}. Country is an ISO code (US, CN, FR, ...);
 * prices are USD per million tokens (null when unknown or not sold through an API).
 */
public record CatalogEntry(String id, String provider, String apiModel, String organization, String country,
                           LocalDate releaseDate, boolean openWeights, String knowledgeCutoff, boolean reasoning,
                           Double priceInputPerM, Double priceOutputPerM, String source) {

    /** Cost of one call in USD, or 0 when the price is unknown. */
    public double cost(int inputTokens, int outputTokens) {
        double in = priceInputPerM == null || inputTokens < 0 ? 0 : priceInputPerM * inputTokens / 1e6;
        double out = priceOutputPerM == null || outputTokens < 0 ? 0 : priceOutputPerM * outputTokens / 1e6;
        return in + out;
    }
}
