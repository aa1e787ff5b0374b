package dev.flinkrecipes.core.io;

import dev.flinkrecipes.core.options.Secrets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;

/**
 * A Kafka broker refused this client: wrong credentials, a certificate one side does not trust, a
 * SASL mechanism it does not offer. Restarting cannot change the answer, so this fails the job for
 * good (a {@link SuppressRestartsException}: Flink does not restart a job whose failure has one in
 * its causes), with a message that names the cause and what to check; it is the job's root
 * exception's first cause, in the Web UI, {@code GET /jobs/<id>/exceptions} and {@code
 * bin/job-status}. Without it, the cluster's restart strategy retried such a job for minutes.
 *
 * <p>The same lines are what {@code bin/run}'s preflight check says ({@link #reason}).
 */
public final class KafkaRefused extends SuppressRestartsException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    private KafkaRefused(String reason, Throwable cause) {
        super(cause);
        this.reason = reason;
    }

    /** The cause and what to check, in one line (Flink's own message says nothing of either). */
    @Override
    public String getMessage() {
        return reason;
    }

    /**
     * Why the broker at {@code bootstrapServers} refused, if {@code failure} has a refusal among
     * its causes: one line, naming the cause and the settings to check, no secret in it.
     */
    public static Optional<String> reason(String bootstrapServers, Throwable failure) {
        Optional<AuthenticationException> refusal =
                ExceptionUtils.findThrowable(failure, AuthenticationException.class);
        if (refusal.isEmpty()) return Optional.empty();
        AuthenticationException cause = refusal.get();
        String at = " at " + bootstrapServers;
        Throwable root = root(cause);
        String why =
                Secrets.withoutUriPasswords(
                        root.getMessage() != null
                                ? root.getMessage()
                                : root.getClass().getSimpleName());
        if (cause instanceof UnsupportedSaslMechanismException)
            return Optional.of(
                    "Kafka"
                            + at
                            + " does not offer this SASL mechanism ("
                            + why
                            + "): check sasl.mechanism");
        if (cause instanceof SslAuthenticationException)
            return Optional.of(
                    "TLS handshake with Kafka"
                            + at
                            + " failed ("
                            + why
                            + "): check ssl.truststore.* (the broker's CA), ssl.keystore.* (this"
                            + " client's certificate) and security.protocol");
        // SASL: a wrong user or password
        return Optional.of(
                "Kafka"
                        + at
                        + " refused the credentials: authentication failed ("
                        + why
                        + "): check sasl.jaas.config and sasl.mechanism");
    }

    /**
     * Throws a {@link KafkaRefused} if {@code failure} is a refusal by the broker at {@code
     * bootstrapServers}; else returns, and the caller rethrows {@code failure} as it was.
     */
    public static void throwIfRefused(String bootstrapServers, Throwable failure) {
        if (failure instanceof KafkaRefused) return;
        Optional<String> reason = reason(bootstrapServers, failure);
        if (reason.isPresent()) throw new KafkaRefused(reason.get(), failure);
    }

    /**
     * Throws a {@link KafkaRefused} if {@code failure} is a timeout of a client without TLS (no
     * {@code security.protocol}, PLAINTEXT or SASL_PLAINTEXT) and a broker at {@code
     * bootstrapServers} speaks TLS. Such a broker never answers a plaintext client, it only closes
     * its connections, so the client's calls time out as if the broker were down; a restart would
     * do the same again.
     */
    public static void throwIfPlaintextOnTls(
            String bootstrapServers, String securityProtocol, Throwable failure) {
        if (securityProtocol != null && securityProtocol.toUpperCase(Locale.ROOT).endsWith("SSL"))
            return;
        if (ExceptionUtils.findThrowable(failure, TimeoutException.class).isEmpty()) return;
        for (String server : bootstrapServers.split(",")) {
            if (speaksTls(server.strip())) {
                throw new KafkaRefused(
                        "Kafka at "
                                + server.strip()
                                + " answers with TLS, and this client speaks plaintext: set"
                                + " security.protocol=SSL (or SASL_SSL) and ssl.truststore.* with"
                                + " --kafka-property or --kafka-properties",
                        failure);
            }
        }
    }

    /**
     * True when the server at {@code host:port} sends a TLS certificate to a TLS client hello. The
     * certificate is only looked at, never trusted for anything: no data is sent.
     */
    static boolean speaksTls(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon < 0) return false;
        AtomicBoolean certificateSeen = new AtomicBoolean();
        X509TrustManager onlyNotes =
                new X509TrustManager() {
                    @Override
                    public void checkServerTrusted(X509Certificate[] chain, String authType) {
                        certificateSeen.set(true);
                    }

                    @Override
                    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                    @Override
                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[0];
                    }
                };
        int timeout = (int) TLS_PROBE_TIMEOUT.toMillis();
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {onlyNotes}, null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
                socket.connect(
                        new InetSocketAddress(
                                hostAndPort.substring(0, colon),
                                Integer.parseInt(hostAndPort.substring(colon + 1))),
                        timeout);
                socket.setSoTimeout(timeout);
                socket.startHandshake();
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // a plaintext server closes the connection; a TLS one may refuse this client
            // after its certificate (client certificates required)
        }
        return certificateSeen.get();
    }

    static final Duration TLS_PROBE_TIMEOUT = Duration.ofSeconds(3);

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root;
    }
}
