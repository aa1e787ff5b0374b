package dev.flinkrecipes.core.options;

/** Where a job reads its input from (Spark: {@code readStream.format(...)}). */
public enum SourceKind {
    /** A Kafka topic, read with {@code KafkaSource}. */
    kafka,
    /** JSON-lines files or folders, read once (bounded) or watched for new files. */
    file,
    /** The job's own seeded generator, at a fixed rate (Spark's {@code rate} source). */
    generator,
    /** Text lines from a TCP socket (Spark's {@code socket} source, {@code nc -lk 9999}). */
    socket
}
