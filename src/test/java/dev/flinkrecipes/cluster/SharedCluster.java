package dev.flinkrecipes.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link LocalCluster} (ZooKeeper, Kafka, a JobManager and a TaskManager, all real processes)
 * for every cluster test class of a run, whatever order they run in: starting and stopping one
 * takes about 25 s on 2 cores. It lives in the root context's store, which closes it once, when the
 * run ends. Each class uses topics of its own; its jobs are cancelled when it is done, so the next
 * class finds every slot free.
 *
 * <pre>{@code @RegisterExtension static final SharedCluster CLUSTER = new SharedCluster();}</pre>
 */
final class SharedCluster implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SharedCluster.class);

    private LocalCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster =
                context.getRoot()
                        .getStore(NAMESPACE)
                        .getOrComputeIfAbsent(
                                LocalCluster.class,
                                key -> {
                                    try {
                                        return LocalCluster.start("flink-recipes-cluster");
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                },
                                LocalCluster.class);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (cluster != null) cluster.cancelJobs();
    }

    LocalCluster get() {
        return cluster;
    }
}
