package dev.flinkrecipes.core.io;

import dev.flinkrecipes.core.options.Secrets;
import java.util.Optional;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
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

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root;
    }
}
