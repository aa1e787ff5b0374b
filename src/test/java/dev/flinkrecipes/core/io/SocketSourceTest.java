package dev.flinkrecipes.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkrecipes.testing.FlinkCluster;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SocketSource} on a MiniCluster against a real server socket (the test is the {@code nc
 * -lk}): the lines it sends, numbered in order, and the end of the input when it closes.
 */
class SocketSourceTest {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static List<String> read(int port, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        return env.fromSource(
                        new SocketSource<String>(
                                "localhost",
                                port,
                                Types.STRING,
                                (line, number) -> number + " " + line),
                        WatermarkStrategy.noWatermarks(),
                        "Socket source")
                .executeAndCollect(100);
    }

    @Test
    void readsTheLinesTheServerSendsUntilItCloses() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            server.setSoTimeout(60_000); // a job that never connects fails the test, not hangs it
            CompletableFuture<List<String>> lines =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    return read(server.getLocalPort(), 2);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            try (Socket client = server.accept();
                    OutputStream out = client.getOutputStream()) {
                // Windows line ends, a blank line, UTF-8, and a last line without its end.
                out.write(
                        "en un lugar\r\nde la Mancha\n\nañadido €\nsin fin"
                                .getBytes(StandardCharsets.UTF_8));
            } // closed: the input ends, and with it the job
            assertThat(lines.get())
                    .containsExactly(
                            "1 en un lugar", "2 de la Mancha", "3 ", "4 añadido €", "5 sin fin");
        }
    }

    @Test
    void aRefusedConnectionFailsTheJobWithTheConnectException() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> read(closed, 1))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.findThrowable(e, ConnectException.class))
                                        .isPresent());
    }
}
