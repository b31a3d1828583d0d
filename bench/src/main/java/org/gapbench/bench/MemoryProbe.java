package org.gapbench.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gapbench.results.SampleRecord;
import org.gapbench.run.PreparedRun;
import org.gapbench.run.RunListener;
import org.gapbench.run.RunTotals;

/**
 * Figure 3, measured inside a fresh JVM (so earlier figures' heap does not count): peak RSS of the process, peak
 * heap, and the live heap after a full GC at each quarter of the run, which shows whether memory grows with the
 * run (it must not: the journal and the statistics stream).
 */
final class MemoryProbe {

    /**
     * @param liveHeapMbAtQuarters heap in use right after a full GC at 25, 50, 75 and 100% of the samples
     */
    record Result(int samples, double wallSeconds, double peakRssMb, double peakHeapMb, List<Double> liveHeapMbAtQuarters,
                  Double accuracy, int errors) {
    }

    private MemoryProbe() {
    }

    static Result measure(PipelineRun pipeline, String baseUrl, int samples, int concurrency, Path dir) {
        System.gc();
        resetPeaks();
        List<Double> live = new ArrayList<>();
        RunListener quarters = new RunListener() {
            private int nextQuarter = 1;

            @Override
            public synchronized void sampleFinished(SampleRecord record, RunTotals totals) {
                if (totals.finished() >= (long) samples * nextQuarter / 4 && nextQuarter <= 4) {
                    nextQuarter++;
                    System.gc();
                    live.add(heapUsedMb());
                }
            }
        };
        PipelineRun.Result r = pipeline.run(baseUrl, samples, concurrency, dir, quarters);
        return new Result(r.samples(), r.wallSeconds(), peakRssMb(), peakHeapMb(), List.copyOf(live), r.accuracy(), r.errors());
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        try {
            // "5" resets the kernel's peak-RSS counter (VmHWM) of this process (Linux >= 4.0)
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux, or not permitted: the peak then covers the JVM's start too, which only overstates it
        }
    }

    private static double heapUsedMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    /** Sum of the heap pools' peaks (each pool peaks at its own moment, so this bounds the true peak from above). */
    private static double peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / 1048576.0;
    }

    /** VmHWM from /proc, or NaN where there is no /proc. */
    private static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return Double.NaN;
    }
}
