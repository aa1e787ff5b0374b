package dev.flinkrecipes.core.io;

import dev.flinkrecipes.core.options.JobOptions;
import java.nio.file.Path;

/**
 * One input of a job: its Kafka topic or its file/folder, whichever {@code --source} reads. Most
 * jobs have one, the primary ({@code --input-topic}, {@code --input}); a join has a second, with an
 * id that keeps its operators' uids, dead-letter topic and folders apart.
 */
public record Input(String id, String topic, Path path) {

    public static Input primary(JobOptions o) {
        return new Input("", o.kafkaSource.inputTopic, o.file.input);
    }

    /** Appended to uids and folders: empty for the primary input, "-id" otherwise. */
    public String suffix() {
        return id.isEmpty() ? "" : "-" + id;
    }

    public String dlqTopic(JobOptions o) {
        return id.isEmpty() ? o.output.dlqTopic : topic + ".dlq";
    }
}
