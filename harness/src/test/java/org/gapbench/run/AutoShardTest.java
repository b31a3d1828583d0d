package org.gapbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.gapbench.config.ConfigException;
import org.gapbench.results.RunIdentity;
import org.junit.jupiter.api.Test;

class AutoShardTest {
    @Test
    void kubernetesIndexedJobGivesTheCompletionIndex() {
        assertEquals(new RunIdentity.Shard(2, 4), AutoShard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "2", "GAPBENCH_SHARD_COUNT", "4")));
    }

    @Test
    void slurmArrayIndicesCountFromTheArrayMinimum() {
        assertEquals(new RunIdentity.Shard(0, 4), AutoShard.fromEnvironment(
                Map.of("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_COUNT", "4")));
        assertEquals(new RunIdentity.Shard(3, 4), AutoShard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_COUNT", "4")));
    }

    @Test
    void explicitVariablesWinOverTheEngines() {
        assertEquals(new RunIdentity.Shard(1, 3), AutoShard.fromEnvironment(Map.of("GAPBENCH_SHARD_INDEX", "1", "GAPBENCH_SHARD_COUNT", "3",
                "SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "8")));
    }

    @Test
    void missingOrBadVariablesAreNamed() {
        assertTrue(assertThrows(ConfigException.class, () -> AutoShard.fromEnvironment(Map.of())).getMessage().contains("JOB_COMPLETION_INDEX"));
        assertTrue(assertThrows(ConfigException.class, () -> AutoShard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "0")))
                .getMessage().contains("GAPBENCH_SHARD_COUNT (the number of shards) is not"));
        assertTrue(assertThrows(ConfigException.class, () -> AutoShard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "4", "GAPBENCH_SHARD_COUNT", "4")))
                .getMessage().contains("outside 0..3"));
        assertTrue(assertThrows(ConfigException.class, () -> AutoShard.fromEnvironment(Map.of("GAPBENCH_SHARD_INDEX", "x", "GAPBENCH_SHARD_COUNT", "4")))
                .getMessage().contains("whole number, got 'x'"));
    }
}
