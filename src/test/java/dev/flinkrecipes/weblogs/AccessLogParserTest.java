package dev.flinkrecipes.weblogs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkrecipes.core.serde.InvalidRecordException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Access-log lines as real servers write them, not only as the generator does. */
class AccessLogParserTest {
    private final AccessLogParser parser = new AccessLogParser();

    @Test
    void theClassicExample() throws Exception {
        WebRequest r =
                parser.parse(
                        "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif"
                                + " HTTP/1.0\" 200 2326");
        assertThat(r.ip).isEqualTo("127.0.0.1");
        assertThat(Instant.ofEpochMilli(r.timestamp))
                .isEqualTo(Instant.parse("2000-10-10T20:55:36Z"));
        assertThat(r.method).isEqualTo("GET");
        assertThat(r.url).isEqualTo("/apache_pb.gif");
        assertThat(r.protocol).isEqualTo("HTTP/1.0");
        assertThat(r.statusCode).isEqualTo(200);
        assertThat(r.responseSize).isEqualTo(2326);
        assertThat(r.errorType()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                // line | method | url | protocol | status | size
                "`2001:db8:85a3::8a2e:370:7334 - - [23/Nov/2026:10:00:00 +0000] \"GET /index.html"
                        + " HTTP/2.0\" 404 -` | GET | /index.html | HTTP/2.0 | 404 | 0",
                "`::1 - - [23/Nov/2026:10:00:00 +0000] \"OPTIONS * HTTP/1.1\" 200 0` | OPTIONS | *"
                        + " | HTTP/1.1 | 200 | 0",
                "`10.0.0.1 - - [23/Nov/2026:10:00:00 +0100] \"GET /my file name.pdf HTTP/1.1\" 500"
                        + " 17` | GET | /my file name.pdf | HTTP/1.1 | 500 | 17",
                "`10.0.0.1 - - [23/Nov/2026:10:00:00 +0000] \"PROPFIND /dav/ HTTP/1.1\" 207 512` |"
                        + " PROPFIND | /dav/ | HTTP/1.1 | 207 | 512",
                "`10.0.0.1 - - [23/Nov/2026:10:00:00 +0000] \"-\" 408 -` | | | | 408 | 0",
                "`10.0.0.1 - - [23/Nov/2026:10:00:00 +0000] \"\\x16\\x03\\x01\\x00\" 400 226` | | |"
                        + " | 400 | 226",
                "`10.0.0.1 - - [23/Nov/2026:10:00:00 +0000] \"GET /search?q=\\\"flink\\\""
                        + " HTTP/1.1\" 200 99` | GET | /search?q=\"flink\" | HTTP/1.1 | 200 | 99",
                "`10.0.0.1 - - [23/Nov/2026:10:00:00 +0000] \"GET /old\" 301 -` | GET | /old | |"
                        + " 301 | 0",
                "`example.com - alice [23/Nov/2026:10:00:00 +0000] \"POST /api/orders HTTP/1.1\""
                        + " 201 42 \"https://shop.example/\" \"Mozilla/5.0 (X11; Linux)\"` | POST |"
                        + " /api/orders | HTTP/1.1 | 201 | 42",
            })
    void acceptsRealWorldShapes(
            String line, String method, String url, String protocol, int status, long size)
            throws Exception {
        WebRequest r = parser.parse(line);
        assertThat(r.method).isEqualTo(method);
        assertThat(r.url).isEqualTo(url);
        assertThat(r.protocol).isEqualTo(protocol);
        assertThat(r.statusCode).isEqualTo(status);
        assertThat(r.responseSize).isEqualTo(size);
    }

    @Test
    void theLinesOwnTimeZoneGivesTheEventTime() throws Exception {
        WebRequest r =
                parser.parse("10.0.0.1 - - [23/Nov/2026:11:30:00 +0130] \"GET / HTTP/1.1\" 503 -");
        assertThat(Instant.ofEpochMilli(r.timestamp))
                .isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(r.errorType()).isEqualTo("server_error");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "399, ",
        "400, client_error",
        "499, client_error",
        "500, server_error",
        "599, server_error"
    })
    void errorTypes(int status, String type) {
        WebRequest r = new WebRequest();
        r.statusCode = status;
        assertThat(r.errorType()).isEqualTo(type);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "``                                                                                "
                        + " | empty record",
                "`hello world`                                                                     "
                        + " | not an access-log line",
                "`10.0.0.1 - - [23/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200`                "
                        + "   | not an access-log line",
                "`10.0.0.1 - - [2026-11-23T10:00:00Z] \"GET / HTTP/1.1\" 200 5`                    "
                        + " | time: not dd/MMM/yyyy:HH:mm:ss Z",
                "`10.0.0.1 - - [31/Feb/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5`              "
                        + " | time: not dd/MMM/yyyy:HH:mm:ss Z",
                "`10.0.0.1 - - [23/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 999 5`              "
                        + " | status: 999 is not an HTTP status",
                "`10.0.0.1 - - [23/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 12kb`           "
                        + " | not an access-log line",
            })
    void rejectsWithAReason(String line, String reason) {
        assertThatThrownBy(() -> parser.parse(line))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining(reason);
    }
}
