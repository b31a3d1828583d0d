package org.gapbench.run;

import java.util.Map;
import org.gapbench.config.ConfigException;
import org.gapbench.results.RunIdentity;

/**
 * {@code --shard auto}: the shard this process is, read from the variables the job engine sets. gapbench runs no
 * cluster of its own; Kubernetes, GitHub Actions and Slurm start the processes and tell each its index.
 * <ul>
 *   <li>{@code GAPBENCH_SHARD_INDEX} + {@code GAPBENCH_SHARD_COUNT}: anything else, e.g. a GitHub Actions matrix
 *   (which exports nothing by itself);</li>
 *   <li>{@code JOB_COMPLETION_INDEX} (Kubernetes Indexed Job) + {@code GAPBENCH_SHARD_COUNT} (Kubernetes does not
 *   export the completion count, so the Job sets it to {@code spec.completions});</li>
 *   <li>{@code SLURM_ARRAY_TASK_ID} + {@code SLURM_ARRAY_TASK_COUNT} (Slurm job array; the index is counted from
 *   {@code SLURM_ARRAY_TASK_MIN}, so {@code --array=1-4} works as well as {@code 0-3}).</li>
 * </ul>
 */
public final class AutoShard {
    private AutoShard() {
    }

    public static RunIdentity.Shard fromEnvironment(Map<String, String> env) {
        if (env.containsKey("GAPBENCH_SHARD_INDEX")) {
            return shard(number(env, "GAPBENCH_SHARD_INDEX"), count(env, "GAPBENCH_SHARD_COUNT", "GAPBENCH_SHARD_INDEX"), "GAPBENCH_SHARD_INDEX");
        }
        if (env.containsKey("JOB_COMPLETION_INDEX")) {
            return shard(number(env, "JOB_COMPLETION_INDEX"), count(env, "GAPBENCH_SHARD_COUNT", "JOB_COMPLETION_INDEX"), "JOB_COMPLETION_INDEX");
        }
        if (env.containsKey("SLURM_ARRAY_TASK_ID")) {
            int min = env.containsKey("SLURM_ARRAY_TASK_MIN") ? number(env, "SLURM_ARRAY_TASK_MIN") : 0;
            return shard(number(env, "SLURM_ARRAY_TASK_ID") - min, count(env, "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_ID"),
                    "SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN");
        }
        throw new ConfigException("--shard auto: none of GAPBENCH_SHARD_INDEX, JOB_COMPLETION_INDEX (Kubernetes Indexed Job) "
                + "or SLURM_ARRAY_TASK_ID (Slurm array) is set; give --shard i/n instead");
    }

    private static RunIdentity.Shard shard(int index, int count, String source) {
        if (index < 0 || index >= count) {
            throw new ConfigException("--shard auto: " + source + " = " + index + " is outside 0.." + (count - 1)
                    + " for " + count + " shards");
        }
        return new RunIdentity.Shard(index, count);
    }

    private static int count(Map<String, String> env, String name, String indexVariable) {
        if (!env.containsKey(name)) {
            throw new ConfigException("--shard auto: " + indexVariable + " is set but " + name + " (the number of shards) is not");
        }
        int n = number(env, name);
        if (n < 1) {
            throw new ConfigException("--shard auto: " + name + " must be at least 1, got " + n);
        }
        return n;
    }

    private static int number(Map<String, String> env, String name) {
        String v = env.get(name).trim();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException("--shard auto: " + name + " must be a whole number, got '" + v + "'");
        }
    }
}
