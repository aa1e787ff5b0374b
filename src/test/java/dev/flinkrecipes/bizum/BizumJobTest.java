package dev.flinkrecipes.bizum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkrecipes.Main;
import dev.flinkrecipes.core.options.StateBackendKind;
import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.testing.FlinkCluster;
import dev.flinkrecipes.testing.JsonlFiles;
import dev.flinkrecipes.testing.OnEveryStateBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bizum CSV lines with the real files' quirks, and the job's highest bizum per person (keyed state:
 * on every state backend).
 */
@OnEveryStateBackend
class BizumJobTest {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    @Parameter StateBackendKind stateBackend;

    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "MARIA;3000;Coche                 | maria | 3000.0 | Coche",
                "`\uFEFFJuan;3;Cafe\r`            | juan  | 3.0    | Cafe",
                "Ana ; 12,50 ; Cena; con postre   | ana   | 12.5   | Cena; con postre",
                "pepe;7.25;                       | pepe  | 7.25   | ''",
            })
    void readsTheRealFilesQuirks(String line, String name, double amount, String concept)
            throws Exception {
        Bizum b = new BizumParser().parse(line);
        assertThat(b.name).isEqualTo(name);
        assertThat(b.amount).isEqualTo(amount);
        assertThat(b.concept).isEqualTo(concept.equals("''") ? "" : concept);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "Maria;diez;Cena   | amount: not a number",
                "Maria;10          | expected Name;Amount;Concept",
                ";10;Cena          | missing name",
                "Maria;-5;Cena     | must be a number >= 0",
                "`   `             | empty record",
            })
    void rejectsWithAReason(String line, String reason) {
        assertThatThrownBy(() -> new BizumParser().parse(line))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining(reason);
    }

    /** The job over the files in {@code in} once (no watching), its results to {@code out}. */
    private int runToFiles(Path in, Path out, String outputMode, String trigger) {
        return Main.run(
                "bizum",
                "--state-backend",
                stateBackend.name(),
                "--input",
                in.toString(),
                "--watch",
                "0",
                "--output-mode",
                outputMode,
                "--trigger",
                trigger,
                "--sink",
                "file",
                "--output",
                out.toString(),
                "--checkpoint-interval",
                "300ms",
                "--parallelism",
                "1");
    }

    @Test
    void highestBizumPerPersonFromAFolder() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        // Windows line ends, names in any case, the last line without a newline, decimals.
        Files.writeString(
                in.resolve("Bizum1.csv"),
                "MARIA;3000;Coche\r\nJuan;3;Cafe\r\nJuan;4;Zumo",
                StandardCharsets.UTF_8);
        Files.writeString(
                in.resolve("Bizum2.csv"),
                "maria;10;Desayuno\r\nJUAN;50,5;Concierto\r\nRosa;200;Alquiler\nmal;formada",
                StandardCharsets.UTF_8);
        Files.writeString(
                in.resolve("Bizum3.csv"),
                "Rosa;199.99;Otro alquiler\nrosa;34;Almuerzo",
                StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        assertThat(runToFiles(in, out, "update", "0")).isZero();

        Map<String, String> best = new TreeMap<>();
        for (JsonNode r : JsonlFiles.readCommitted(out.resolve("results"))) {
            best.put(
                    r.get("name").asText(),
                    r.get("amount").asDouble() + " " + r.get("concept").asText());
        }
        // The upserts end at each person's highest, whatever order the files are read in.
        assertThat(best)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "maria",
                                "3000.0 Coche",
                                "juan",
                                "50.5 Concierto",
                                "rosa",
                                "200.0 Alquiler"));
        assertThat(JsonlFiles.readCommitted(out.resolve("dlq")))
                .singleElement()
                .satisfies(d -> assertThat(d.get("raw").asText()).isEqualTo("mal;formada"));
    }

    @Test
    void completeModeShowsTheWholeTableOnceTheFolderIsRead() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(
                in.resolve("a.csv"), "Ana;5;x\nAna;9;y\nLuis;1;z", StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        assertThat(runToFiles(in, out, "complete", "1h")).isZero();
        assertThat(JsonlFiles.readCommitted(out.resolve("results")))
                .extracting(
                        r ->
                                r.get("name").asText()
                                        + "="
                                        + r.get("amount").asDouble()
                                        + " "
                                        + r.get("concept").asText())
                .as("the final table, at the end of the input")
                .containsExactlyInAnyOrder("ana=9.0 y", "luis=1.0 z");
    }
}
