package org.gapbench.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** The machine a benchmark ran on, so a reader can tell whether their numbers are comparable. */
final class Machine {
    private Machine() {
    }

    static BenchReport.Machine describe() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new BenchReport.Machine(Instant.now().toString(), cpuModel(), Runtime.getRuntime().availableProcessors(),
                Math.round(os.getTotalMemorySize() / 1073741824.0 * 10) / 10.0,
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()), loadAverage());
    }

    /** The 1-minute load average now (other work on the shared machine), or a negative value where unknown. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
