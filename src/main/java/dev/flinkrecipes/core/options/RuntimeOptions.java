package dev.flinkrecipes.core.options;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** How the job runs: state backend, parallelism, extra Flink configuration, what it prints. */
public final class RuntimeOptions implements OptionSection {
    @Option(
            names = "--state-backend",
            description =
                    "Where state lives: ${COMPLETION-CANDIDATES} (rocksdb: on local disk, larger"
                            + " than the heap, incremental checkpoints). Default: the cluster's;"
                            + " hashmap for a local run.")
    public StateBackendKind stateBackend;

    @Option(
            names = "--parallelism",
            description = "Job parallelism (0 = the cluster's default). Default: ${DEFAULT-VALUE}.")
    public int parallelism;

    @Option(
            names = "--conf",
            paramLabel = "KEY=VALUE",
            description =
                    "Extra Flink configuration for this job, repeatable (like spark-submit --conf),"
                            + " e.g. --conf"
                            + " execution.state-recovery.path=file:///.../savepoint-1a2b3c-4d5e6f")
    public Map<String, String> flinkConf = new LinkedHashMap<>();

    @Option(
            names = "--quiet",
            description =
                    "No progress line on stderr during a local run (it is off anyway when not on a"
                            + " terminal).")
    public boolean quiet;

    @Option(
            names = "--verbose",
            description =
                    "Print every option's value at start (always in the log file), not only the"
                            + " one-line summary.")
    public boolean verbose;

    /**
     * Chaos testing: the first attempt of each parallel instance fails once after this many
     * records.
     */
    @Option(names = "--inject-failure-after", hidden = true)
    public long injectFailureAfter;

    @Override
    public String heading() {
        return "Checkpointing and runtime";
    }
}
