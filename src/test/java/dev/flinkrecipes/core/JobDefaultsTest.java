package dev.flinkrecipes.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.options.JobOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.client.program.StreamContextEnvironment;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.DefaultExecutorServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Which snapshot compression a job gets: its own {@code --conf} first, then the configuration of
 * the cluster it is submitted to, then the job's default (on). The cluster's configuration reaches
 * the job's main as {@code flink run} and the REST API's jar run hand it over: through Flink's
 * context environment ({@link StreamContextEnvironment#setAsContext}), with the client's
 * config.yaml (or the JobManager's) in it.
 */
class JobDefaultsTest {
    @TempDir Path dir;

    @AfterEach
    void noContext() {
        StreamContextEnvironment.unsetAsContext();
    }

    @Test
    void aDefaultOnlyWhereTheStartingConfigurationSaysNothing() {
        Configuration job = new Configuration();
        JobDefaults.applyWhereUnset(new Configuration(), job);
        assertThat(job.getOptional(ExecutionOptions.SNAPSHOT_COMPRESSION)).contains(true);

        Configuration cluster = new Configuration();
        cluster.set(ExecutionOptions.SNAPSHOT_COMPRESSION, false);
        Configuration job2 = new Configuration();
        JobDefaults.applyWhereUnset(cluster, job2);
        assertThat(job2.toMap()).as("the cluster's false is left alone").isEmpty();
    }

    /** A job on a cluster: {@code cluster} its configuration, {@code conf} the job's --conf. */
    @ParameterizedTest(name = "cluster {0}, job --conf {1} -> {2}")
    @CsvSource({
        "'', '', true",
        "false, '', false",
        "true, '', true",
        "false, true, true",
        "true, false, false",
        "'', false, false",
    })
    void onAClusterTheJobsConfThenTheClustersThenOn(String cluster, String conf, boolean compressed)
            throws Exception {
        Configuration clusterConf = new Configuration();
        if (!cluster.isEmpty())
            clusterConf.set(ExecutionOptions.SNAPSHOT_COMPRESSION, Boolean.parseBoolean(cluster));
        StreamContextEnvironment.setAsContext(
                new DefaultExecutorServiceLoader(),
                clusterConf,
                getClass().getClassLoader(),
                true,
                true);
        StreamJob job = create(conf);
        assertThat(StreamJob.isLocal(job.env())).isFalse();
        assertThat(job.env().getConfig().isUseSnapshotCompression()).isEqualTo(compressed);
    }

    @ParameterizedTest(name = "job --conf {0} -> {1}")
    @CsvSource({"'', true", "false, false"})
    void aLocalRunIsCompressedUnlessItsConfSaysNo(String conf, boolean compressed)
            throws Exception {
        StreamJob job = create(conf);
        assertThat(StreamJob.isLocal(job.env())).isTrue();
        assertThat(job.env().getConfig().isUseSnapshotCompression()).isEqualTo(compressed);
    }

    /** {@code user-totals} set up (not run) as its main would, with --conf compression if given. */
    private StreamJob create(String conf) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "user-totals",
                                "--source",
                                "generator",
                                "--sink",
                                "file",
                                "--output",
                                dir.resolve("out").toString()));
        if (!conf.isEmpty())
            args.addAll(
                    List.of("--conf", ExecutionOptions.SNAPSHOT_COMPRESSION.key() + "=" + conf));
        CommandLine cli =
                Main.commandLine()
                        .parseArgs(args.toArray(String[]::new))
                        .subcommand()
                        .commandSpec()
                        .commandLine();
        JobOptions options = (JobOptions) cli.getCommandSpec().mixins().get("options").userObject();
        return StreamJob.create(cli.getCommandSpec(), options);
    }
}
