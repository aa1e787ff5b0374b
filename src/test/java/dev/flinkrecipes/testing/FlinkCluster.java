package dev.flinkrecipes.testing;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** One MiniCluster per test class: a real JobManager and TaskManager in the test JVM. */
public final class FlinkCluster {
    private FlinkCluster() {}

    public static MiniClusterExtension create() {
        return create(new Configuration());
    }

    /**
     * With a metric reporter made by {@code factory}, reporting every 200 ms: tests read what a
     * running job's operators register.
     */
    public static MiniClusterExtension reportingTo(Class<? extends MetricReporterFactory> factory) {
        Configuration conf = new Configuration();
        conf.setString("metrics.reporter.test.factory.class", factory.getName());
        conf.setString("metrics.reporter.test.interval", "200 ms");
        return create(conf);
    }

    /** With settings of its own on top. */
    public static MiniClusterExtension create(Configuration extra) {
        Configuration conf = new Configuration(extra);
        // Fresh checkpoint counts on REST (3 s old by default): tests wait for checkpoints there
        // (Checkpoints).
        conf.set(RestOptions.CACHE_CHECKPOINT_STATISTICS_TIMEOUT, Duration.ofMillis(100));
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setConfiguration(conf)
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }
}
