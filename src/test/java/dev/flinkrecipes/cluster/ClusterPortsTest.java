package dev.flinkrecipes.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every port of the bin/ cluster comes from an environment variable (with its default in
 * bin/common.sh), and {@link LocalCluster} sets every one of them: a port left fixed in a script,
 * or a variable the tests do not set, would make the cluster tests collide with a bin/ cluster on
 * the defaults or with another checkout's tests.
 */
class ClusterPortsTest {
    static final Path BIN = LocalCluster.ROOT.resolve("bin");

    /** {@code NAME="${NAME:-default}"}: a port variable of bin/common.sh and its default. */
    static final Pattern PORT_VARIABLE =
            Pattern.compile("(?m)^([A-Z_]+_PORTS?)=\"\\$\\{\\1:-([^}]+)}\"");

    @Test
    void everyPortOfTheScriptsIsAVariableTheTestsSet() throws IOException {
        Map<String, String> defaults = new TreeMap<>();
        Matcher m = PORT_VARIABLE.matcher(Files.readString(BIN.resolve("common.sh")));
        while (m.find()) defaults.put(m.group(1), m.group(2));
        assertThat(defaults)
                .containsEntry("REST_PORT", "8081")
                .containsEntry("JOBMANAGER_RPC_PORT", "6123")
                .containsEntry("ZOOKEEPER_PORT", "2181")
                .containsEntry("KAFKA_PORT", "9092")
                .containsEntry("PROMETHEUS_PORTS", "9249-9259");
        assertThat(new LocalCluster.Ports(20_000).environment().keySet())
                .containsExactlyInAnyOrderElementsOf(defaults.keySet());
    }

    /** No script names a port number of its own: only bin/common.sh's defaults do. */
    @Test
    void noScriptHasAFixedPort() throws IOException {
        Pattern port = Pattern.compile("\\b(80[89]\\d|612\\d|909\\d|2181|92[45]\\d)\\b");
        List<String> fixed = new ArrayList<>();
        try (Stream<Path> scripts = Files.list(BIN)) {
            for (Path script : scripts.filter(Files::isRegularFile).sorted().toList()) {
                List<String> lines = Files.readAllLines(script);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).replaceFirst("(^|\\s)#.*", "");
                    if (script.endsWith("common.sh") && PORT_VARIABLE.matcher(code).find())
                        continue;
                    if (port.matcher(code).find())
                        fixed.add(script.getFileName() + ":" + (i + 1) + ": " + lines.get(i));
                }
            }
        }
        assertThat(fixed).as("port numbers outside bin/common.sh's defaults").isEmpty();
    }
}
