package dev.flinkrecipes.core.options;

/**
 * A picocli mixin of the options of one concern of a job (its Kafka source, its checkpointing,
 * ...), listed by {@code --help} under {@link #heading()}; mixins with the same heading share a
 * section.
 */
public interface OptionSection {
    String heading();
}
