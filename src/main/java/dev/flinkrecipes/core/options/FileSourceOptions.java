package dev.flinkrecipes.core.options;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --source file}: the file or folder, whether it is watched, and what becomes of a file once
 * read.
 */
public final class FileSourceOptions implements OptionSection {
    @Option(
            names = "--input",
            description = "File or folder to read (with --source file); see the job's description.")
    public Path input;

    @Option(
            names = "--watch",
            converter = DurationConverter.class,
            description =
                    "With --source file: keep watching the folder for new files at this interval (0"
                            + " = read once and finish). Default: ${DEFAULT-VALUE}.")
    public Duration watch = Duration.ZERO;

    @Option(
            names = "--max-files-per-cycle",
            description =
                    "With --watch: start at most this many new files per discovery cycle (Spark's"
                            + " maxFilesPerTrigger; 0 = all). Default: 0.")
    public int maxFilesPerCycle;

    @Option(
            names = "--after-commit",
            description =
                    "With --source file: what to do with an input file once its records are"
                            + " committed: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    public AfterCommit afterCommit = AfterCommit.keep;

    @Option(
            names = "--archive-dir",
            description = "With --after-commit archive: where input files are moved.")
    public Path archiveDir;

    @Override
    public String heading() {
        return "Input";
    }
}
