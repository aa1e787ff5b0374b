package dev.flinkrecipes.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.flinkrecipes.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * docker-compose.yml cannot run here (no Docker engine), so it is held to the same versions, jar,
 * configuration and job names as the pom and the bin/ scripts, and flink-conf/config.yaml must
 * parse.
 */
class DeploymentConsistencyTest {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static String pomProperty(String name) throws Exception {
        Matcher m =
                Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</")
                        .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as(name + " in pom.xml").isTrue();
        return m.group(1);
    }

    @Test
    void composeUsesThePomsVersionsTheJobJarAndFlinkConf() throws Exception {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        // SnakeYAML resolves the file's `<<: *flink` merge keys, which Jackson's YAML reader leaves
        // as they are.
        JsonNode services =
                new ObjectMapper().valueToTree(new Yaml().load(compose)).path("services");
        assertThat(services.fieldNames())
                .toIterable()
                .contains(
                        "jobmanager",
                        "taskmanager-1",
                        "taskmanager-2",
                        "kafka",
                        "kafka-ui",
                        "submit",
                        "producer",
                        "prometheus",
                        "grafana");

        String flinkImage = "flink:" + pomProperty("flink.version") + "-java17";
        for (String flink :
                List.of("jobmanager", "taskmanager-1", "taskmanager-2", "submit", "producer")) {
            assertThat(services.path(flink).path("image").asText()).as(flink).isEqualTo(flinkImage);
        }
        assertThat(services.path("kafka").path("image").asText())
                .isEqualTo("apache/kafka:" + pomProperty("kafka.version"));
        String jar = "flink-recipes-" + pomProperty("version") + ".jar";
        assertThat(compose).contains("./target/" + jar, "./flink-conf", "./savepoints");
        assertThat(Files.readString(ROOT.resolve("bin/common.sh"))).contains("target/" + jar);
    }

    /** Every job the compose file submits or runs exists in the jar, with options it accepts. */
    @Test
    void composeRunsOnlyJobsAndOptionsTheJarHas() throws Exception {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        CommandLine main = Main.commandLine();
        List<String> named = new ArrayList<>();
        Matcher jobs = Pattern.compile("for job in ([a-z -]+);").matcher(compose);
        while (jobs.find()) named.addAll(List.of(jobs.group(1).trim().split(" ")));
        named.add("produce-transactions");
        assertThat(named).contains("fraud-detection", "transaction-analytics");
        for (String job : named) {
            CommandLine command = main.getSubcommands().get(job);
            assertThat(command).as("job %s in the jar", job).isNotNull();
            assertThat(command.getCommandSpec().findOption("--bootstrap-servers")).isNotNull();
        }
    }

    @Test
    void flinkConfParsesAndSetsWhatTheScriptsRelyOn() throws Exception {
        JsonNode conf = YAML.readTree(ROOT.resolve("flink-conf/config.yaml").toFile());
        assertThat(conf.at("/rest/port").asInt()).isEqualTo(8081);
        assertThat(conf.at("/jobmanager/rpc/port").asInt()).isEqualTo(6123);
        assertThat(conf.at("/taskmanager/numberOfTaskSlots").asInt()).isEqualTo(4);
        // Left to the cluster (bin/cluster-start --rocksdb) and the job (--state-backend): the CLI
        // reads this file too and would send its value with every job.
        assertThat(conf.at("/state/backend/type").isMissingNode()).isTrue();
        assertThat(conf.at("/metrics/reporter/prom/factory/class").asText())
                .endsWith("PrometheusReporterFactory");
        // Paths are the scripts' and compose's to set: a value here would ride along with every
        // job.
        assertThat(conf.at("/execution/checkpointing/dir").isMissingNode()).isTrue();
        assertThat(conf.at("/execution/checkpointing/savepoint-dir").isMissingNode()).isTrue();
    }
}
