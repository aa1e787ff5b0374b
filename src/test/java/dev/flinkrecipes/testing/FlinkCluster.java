package dev.flinkrecipes.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** One MiniCluster per test class: a real JobManager and TaskManager in the test JVM. */
public final class FlinkCluster {
    private FlinkCluster() {}

    public static MiniClusterExtension create() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2)
                .build());
    }
}
