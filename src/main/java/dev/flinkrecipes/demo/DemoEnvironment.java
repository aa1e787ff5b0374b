package dev.flinkrecipes.demo;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Makes every job built in this JVM submit itself to the demo's cluster over REST, detached,
 * exactly as {@code flink run -d} would: the jobs' code is the same as on a real cluster.
 */
final class DemoEnvironment extends StreamExecutionEnvironment {
    private DemoEnvironment() {}

    static void submitTo(String host, int restPort) {
        initializeContextEnvironment(
                jobConf -> {
                    Configuration conf = new Configuration();
                    conf.setString("execution.target", "remote");
                    conf.setString("rest.address", host);
                    conf.setString("rest.port", String.valueOf(restPort));
                    conf.setString("execution.attached", "false");
                    conf.addAll(jobConf);
                    return new StreamExecutionEnvironment(conf);
                });
    }
}
