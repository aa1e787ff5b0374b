package dev.flinkrecipes.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkrecipes.testing.Await;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ZooKeeper stopped and started again under a cluster of two JobManagers (a standby added to the
 * {@link SharedCluster}): afterwards exactly one JobManager may lead, and the job must checkpoint.
 * Down 15 s, longer than the JobManagers' sessions (6 s), shorter than the time after which Flink's
 * ZooKeeper client gives up and ends the process: both JobManagers live through it with their
 * sessions lost. The restarted server restores the old sessions and expires them one session
 * timeout after its start. With the Curator of Flink 2.2's own ZooKeeper jar (5.4.0) the old
 * leader, reconnected with a new session, was granted the leadership again on its old latch node,
 * kept it when the server deleted that node, and the standby was granted it too: two JobManagers
 * leading one job, no checkpoint completing (CURATOR-696; the cluster's lib now has Curator 5.9).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ZooKeeperOutageIT {
    static final int DOWN_SECONDS = 15;

    /** Past the expiry of the old sessions (6 s after the server's start) and a failover after. */
    static final int SETTLE_SECONDS = 20;

    static final String INPUT = "zk-transactions";
    static final String ALERTS = "zk-fraud_alerts";

    @RegisterExtension static final SharedCluster CLUSTER = new SharedCluster();

    @Test
    void afterZooKeeperIsBackExactlyOneJobManagerLeadsAndTheJobCheckpoints() throws Exception {
        LocalCluster cluster = CLUSTER.get();
        cluster.bin("jobmanager-start", "--standby");
        try {
            cluster.createTopics(INPUT, ALERTS);
            cluster.bin("job-submit", cluster.fraudDetection(INPUT, ALERTS));
            String job = cluster.waitForRunningJob("fraud-detection", 1, Duration.ofSeconds(90));
            cluster.awaitTrue(
                    "a first checkpoint",
                    Duration.ofSeconds(60),
                    () -> cluster.latestCheckpoint(job) > 0);
            assertThat(cluster.leadingJobManagers()).as("leading before the outage").hasSize(1);

            long stopped = System.nanoTime();
            cluster.bin("zookeeper-stop");
            Await.untilNanoTime(
                    "ZooKeeper down " + DOWN_SECONDS + " s",
                    stopped + TimeUnit.SECONDS.toNanos(DOWN_SECONDS));
            cluster.bin("zookeeper-start");
            long up = System.nanoTime();
            long before = cluster.latestCheckpoint(job);
            cluster.awaitTrue(
                    "the job running every task again after ZooKeeper is back",
                    Duration.ofSeconds(90),
                    () -> cluster.jobState(job).equals("RUNNING"));
            long running = System.nanoTime();
            cluster.awaitTrue(
                    "a checkpoint after ZooKeeper is back",
                    Duration.ofSeconds(60),
                    () -> cluster.latestCheckpoint(job) > before);
            long checkpoint = System.nanoTime();
            System.out.printf(
                    "ZooKeeper down %.1f s; back -> job RUNNING %.1f s, -> checkpoint %.1f s%n",
                    (up - stopped) / 1e9, (running - up) / 1e9, (checkpoint - up) / 1e9);

            Await.untilNanoTime(
                    "the old sessions expired and any second leader granted",
                    up + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS));
            assertThat(cluster.leadingJobManagers())
                    .as("JobManagers whose log says they lead, " + SETTLE_SECONDS + " s after")
                    .hasSize(1);
            long settled = cluster.latestCheckpoint(job);
            cluster.awaitTrue(
                    "checkpoints go on with one leader",
                    Duration.ofSeconds(30),
                    () -> cluster.latestCheckpoint(job) > settled);
            assertThat(cluster.leadingJobManagers()).as("still one leader").hasSize(1);
        } finally {
            cluster.cancelJobs();
            cluster.bin("jobmanager-stop", "--standby");
        }
    }
}
