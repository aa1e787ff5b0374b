package dev.flinkrecipes.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console's tables, character for character as Spark's console sink and {@code df.show()} print
 * them.
 */
class ConsoleTableTest {

    @Test
    void aBatchAsSparksConsoleSinkPrintsIt() {
        // Batch 2 of the Spark document's socket word count, as Spark printed it.
        List<List<String>> rows =
                List.of(
                        List.of("frase", "1"),
                        List.of("segunda", "1"),
                        List.of("es", "1"),
                        List.of("linea", "1"),
                        List.of("Esta", "1"),
                        List.of("la", "1"),
                        List.of("Enviamos", "1"),
                        List.of("primera", "1"));
        assertThat(ConsoleTable.batch(2, List.of("palabra", "count"), rows, 20))
                .isEqualTo(
                        """
                        -------------------------------------------
                        Batch: 2
                        -------------------------------------------
                        +--------+-----+
                        | palabra|count|
                        +--------+-----+
                        |   frase|    1|
                        | segunda|    1|
                        |      es|    1|
                        |   linea|    1|
                        |    Esta|    1|
                        |      la|    1|
                        |Enviamos|    1|
                        | primera|    1|
                        +--------+-----+

                        """);
    }

    @Test
    void cellsOver20CharactersAreCutTo17AndDots() {
        List<List<String>> rows =
                List.of(
                        List.of("ana", "Cena de cumpleanos con postre", "12.5"),
                        List.of("luis", "exactly twenty chars", "3000.0"));
        assertThat(ConsoleTable.show(List.of("name", "concept", "amount"), rows, 20))
                .isEqualTo(
                        """
                        +----+--------------------+------+
                        |name|             concept|amount|
                        +----+--------------------+------+
                        | ana|Cena de cumpleano...|  12.5|
                        |luis|exactly twenty chars|3000.0|
                        +----+--------------------+------+
                        """);
    }

    @Test
    void onlyTheTopRowsWithTheLineThatSaysSo() {
        List<List<String>> rows =
                List.of(List.of("the", "7"), List.of("a", "5"), List.of("of", "2"));
        assertThat(ConsoleTable.show(List.of("word", "count"), rows, 2))
                .isEqualTo(
                        """
                        +----+-----+
                        |word|count|
                        +----+-----+
                        | the|    7|
                        |   a|    5|
                        +----+-----+
                        only showing top 2 rows
                        """);
        assertThat(ConsoleTable.show(List.of("word", "count"), rows, 1))
                .endsWith("+----+-----+\nonly showing top 1 row\n");
        assertThat(ConsoleTable.show(List.of("word", "count"), rows, 3))
                .doesNotContain("only showing");
    }

    @Test
    void columnsAtLeastThreeWideAndNullsAsNull() {
        assertThat(ConsoleTable.show(List.of("a", "b"), List.of(List.of("1", "null")), 20))
                .isEqualTo(
                        """
                        +---+----+
                        |  a|   b|
                        +---+----+
                        |  1|null|
                        +---+----+
                        """);
    }

    @Test
    void anEmptyTableHasItsHeaderOnly() {
        assertThat(ConsoleTable.show(List.of("word", "count"), List.of(), 20))
                .isEqualTo(
                        """
                        +----+-----+
                        |word|count|
                        +----+-----+
                        +----+-----+
                        """);
    }

    @Test
    void showRowsMustBePositive() {
        assertThatThrownBy(() -> ConsoleTable.show(List.of("a"), List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--show-rows");
    }
}
