package dev.flinkrecipes.core;

import dev.flinkrecipes.core.io.Input;
import dev.flinkrecipes.core.io.KafkaRefused;
import dev.flinkrecipes.core.options.DurationConverter;
import dev.flinkrecipes.core.options.JobOptions;
import dev.flinkrecipes.core.options.KafkaClientOptions;
import dev.flinkrecipes.core.options.Secrets;
import dev.flinkrecipes.core.options.SinkKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What can be checked before a job starts: a missing input file or folder, a folder with nothing to
 * read, a socket nobody listens on, a Kafka broker that does not answer. Without these checks the
 * job starts, fails, restarts and fails again, and the launch looks like a silent hang.
 *
 * <p>Only a local run fails on them. A job submitted to a cluster reads on the TaskManagers'
 * machines, which may see paths, sockets and brokers that this client cannot: there a path missing
 * here is a warning, and the network is not probed at all (a probe could only wrongly block {@code
 * flink run} or delay it).
 */
public final class Preflight {
    private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);

    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);
    static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(5);

    /** flink-conf/log4j-local.properties keeps this client's warnings off the console. */
    static final String CLIENT_ID = "flink-recipes-preflight";

    private Preflight() {}

    /** The job cannot start: the message names the cause and what to check, in one line. */
    public static final class NotReady extends RuntimeException {
        public NotReady(String message) {
            super(message);
        }
    }

    /**
     * The input a source will read: its file or folder, or its socket (probed on local runs only).
     */
    static void input(JobOptions o, Input in, boolean local) {
        switch (o.input.source) {
            case file ->
                    files(
                            in.path(),
                            in.id().isEmpty() ? "--input" : "--" + in.id() + "-input",
                            !o.file.watch.isZero(),
                            local);
            case socket -> {
                if (local) socket(o.socket.socketHost, o.socket.socketPort);
            }
            default -> {}
        }
    }

    static void files(Path path, String option, boolean watching, boolean local) {
        if (path == null) return; // JobOptions.resolve has already asked for it
        Path absolute = path.toAbsolutePath().normalize();
        String problem = null;
        if (!Files.exists(absolute)) {
            problem =
                    watching
                            ? "input folder "
                                    + absolute
                                    + " does not exist: create it (mkdir -p "
                                    + absolute
                                    + ") or check "
                                    + option
                            : "input "
                                    + absolute
                                    + " does not exist: check "
                                    + option
                                    + " (relative paths start at "
                                    + Path.of("").toAbsolutePath()
                                    + ")";
        } else if (!Files.isReadable(absolute)) {
            problem = "input " + absolute + " is not readable: check its permissions";
        } else if (Files.isDirectory(absolute) && !watching && !hasVisibleFile(absolute)) {
            problem =
                    "input folder "
                            + absolute
                            + " has no files to read (names starting with '.' or '_' are skipped):"
                            + " add files, or watch it for new ones with --watch 10s";
        }
        if (problem == null) return;
        if (local) throw new NotReady(problem);
        // On a cluster the TaskManagers read the path; it may exist there.
        warn(problem + " (on this machine; the TaskManagers must see it)");
    }

    /**
     * As Flink's file source sees a folder: every regular file, nested folders included, none
     * hidden.
     */
    private static boolean hasVisibleFile(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.anyMatch(p -> Files.isRegularFile(p) && visible(folder.relativize(p)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list input folder " + folder, e);
        }
    }

    private static boolean visible(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") || name.startsWith("_")) return false;
        }
        return true;
    }

    /**
     * The {@code --output} folder of a file sink: it can be written, and it holds nothing from an
     * earlier run unless {@code --mode} says what to do with that (or the run resumes the
     * checkpoint that wrote it, and so continues its files). For a job submitted to a cluster only
     * an earlier run's files seen here count (the bin/ cluster shares this disk; others may not).
     */
    static void output(JobOptions o, boolean resuming, boolean local) {
        if (o.output.sink != SinkKind.file || o.output.folder == null) return;
        Path out = o.output.folder.toAbsolutePath().normalize();
        Path existing = out;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        // On a cluster the TaskManagers write the path: only an earlier run's files seen here
        // count.
        if (existing == null || !local && !existing.equals(out)) return;
        if (!Files.isDirectory(existing)) {
            throw new NotReady(
                    "--output "
                            + out
                            + (existing.equals(out) ? " is a file" : ": " + existing + " is a file")
                            + ", not a folder: choose a folder for results/, dlq/ and late/");
        }
        if (local && (!Files.isWritable(existing) || !Files.isExecutable(existing))) {
            throw new NotReady(
                    "--output "
                            + out
                            + " cannot be written ("
                            + existing
                            + " is not writable for this user): check its permissions or choose"
                            + " another --output");
        }
        if (!existing.equals(out) || resuming) return;
        List<Path> earlier = entries(out);
        if (earlier.isEmpty()) return;
        switch (o.output.saveMode) {
            case errorifexists ->
                    throw new NotReady(
                            "--output "
                                    + out
                                    + " already holds "
                                    + earlier.stream()
                                            .map(p -> p.getFileName().toString())
                                            .sorted()
                                            .collect(Collectors.joining(", "))
                                    + " from an earlier run: choose another --output, or add"
                                    + " --mode append (keep them and add this run's files) or"
                                    + " --mode overwrite (delete them first)");
            case append -> {}
            case overwrite -> {
                for (Path p : earlier) {
                    if (WRITTEN_BY_JOBS.matcher(p.getFileName().toString()).matches()) delete(p);
                }
                List<Path> left = entries(out);
                if (!left.isEmpty()) {
                    throw new NotReady(
                            "--mode overwrite deletes only what jobs write (results, dlq and late"
                                    + " folders), but --output "
                                    + out
                                    + " also holds "
                                    + left.stream()
                                            .map(p -> p.getFileName().toString())
                                            .sorted()
                                            .collect(Collectors.joining(", "))
                                    + ": choose another --output");
                }
            }
        }
    }

    /** The folders a job writes under {@code --output}: results, dlq and late, with suffixes. */
    private static final Pattern WRITTEN_BY_JOBS = Pattern.compile("(results|dlq|late)([-_].*)?");

    private static List<Path> entries(Path folder) {
        try (Stream<Path> list = Files.list(folder)) {
            return list.toList();
        } catch (IOException e) {
            throw new NotReady("cannot list --output " + folder + ": " + e.getMessage());
        }
    }

    private static void delete(Path path) {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new NotReady("--mode overwrite cannot delete " + path + ": " + e.getMessage());
        }
    }

    static void socket(String host, int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(host, port), (int) SOCKET_TIMEOUT.toMillis());
        } catch (IOException e) {
            throw new NotReady(
                    "nothing accepts connections on "
                            + host
                            + ":"
                            + port
                            + " ("
                            + e.getMessage()
                            + "):"
                            + " start the server first (e.g. nc -lk "
                            + port
                            + ") or check --socket-host/--socket-port");
        }
    }

    /**
     * Asks the brokers for the cluster's nodes and topics within {@link #KAFKA_TIMEOUT}; a missing
     * input topic is only a warning (a broker may create it on first use, or a producer may be
     * about to).
     */
    static void kafka(String bootstrapServers, KafkaClientOptions client, String inputTopic) {
        Map<String, Object> conf =
                client.with(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                // named, so that bin/run's console leaves out its
                                // connection warnings (the failure says it all)
                                AdminClientConfig.CLIENT_ID_CONFIG,
                                CLIENT_ID,
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                (int) KAFKA_TIMEOUT.toMillis(),
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                (int) KAFKA_TIMEOUT.toMillis(),
                                // one connection attempt a second is enough to tell; the
                                // default retries flood the log
                                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG,
                                1000,
                                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                                1000));
        Admin admin;
        try {
            admin = Admin.create(conf);
        } catch (org.apache.kafka.common.KafkaException e) {
            // e.g. a host name that does not resolve: the admin client refuses to start
            // or a keystore or truststore that cannot be read
            throw new NotReady(
                    "cannot use Kafka at "
                            + bootstrapServers
                            + " ("
                            + Secrets.withoutUriPasswords(root(e).getMessage())
                            + "): check --bootstrap-servers and the Kafka client settings"
                            + " (--kafka-property, --kafka-properties)");
        }
        try {
            admin.describeCluster().nodes().get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (inputTopic != null) {
                Set<String> topics =
                        admin.listTopics()
                                .names()
                                .get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (!topics.contains(inputTopic)) {
                    warn(
                            "topic '"
                                    + inputTopic
                                    + "' does not exist on "
                                    + bootstrapServers
                                    + " yet: the job waits for it"
                                    + " (create it, e.g. bin/kafka-topics --create --topic "
                                    + inputTopic
                                    + ", or check --input-topic)");
                }
            }
        } catch (TimeoutException e) {
            throw unreachable(bootstrapServers, client);
        } catch (ExecutionException e) {
            throw refused(bootstrapServers, client, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotReady("interrupted while checking Kafka at " + bootstrapServers);
        } finally {
            admin.close(Duration.ZERO); // do not wait for the requests that timed out
        }
    }

    /**
     * The broker answered, but not as asked: named by cause, since each has its own fix. A broker
     * that sees a plaintext client on its TLS port just closes the connection, so that one ends as
     * {@link #unreachable}.
     */
    static NotReady refused(String bootstrapServers, KafkaClientOptions client, Throwable cause) {
        String at = " at " + bootstrapServers;
        String reason = Secrets.withoutUriPasswords(root(cause).getMessage());
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException)
            return unreachable(bootstrapServers, client);
        Optional<String> refused = KafkaRefused.reason(bootstrapServers, cause);
        if (refused.isPresent()) return new NotReady(refused.get());
        if (cause instanceof AuthorizationException)
            return new NotReady(
                    "Kafka"
                            + at
                            + " refused access: not authorized ("
                            + reason
                            + "): ask for ACLs for this principal");
        // answered, but refused: a listener of another kind...
        return new NotReady(
                "Kafka"
                        + at
                        + " refused the check ("
                        + cause.getClass().getSimpleName()
                        + ": "
                        + reason
                        + "): check --bootstrap-servers and the broker's listeners");
    }

    private static NotReady unreachable(String bootstrapServers, KafkaClientOptions client) {
        return new NotReady(
                "no Kafka broker answered at "
                        + bootstrapServers
                        + " within "
                        + DurationConverter.format(KAFKA_TIMEOUT)
                        + ": start it (bin/kafka-start) or check --bootstrap-servers"
                        + (client.securitySet()
                                ? " and security.protocol"
                                : " (a TLS or SASL listener? set security.protocol with"
                                        + " --kafka-property)"));
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root;
    }

    private static void warn(String message) {
        System.err.println("warning: " + message);
        LOG.warn(message);
    }
}
