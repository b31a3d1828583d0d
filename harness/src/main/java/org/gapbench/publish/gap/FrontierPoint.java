package org.gapbench.publish.gap;

import java.time.LocalDate;

/** A release that raised its group's frontier (the running maximum of the score over release date). */
public record FrontierPoint(LocalDate date, double score, String model) {
}
