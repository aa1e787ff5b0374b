package dev.flinkrecipes.tools;

import dev.flinkrecipes.core.options.DurationConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The documents' drop-in script: copies the files of one folder into a watched folder one at a
 * time. Each copy is written under a hidden name and then renamed, so a watching job never reads
 * half a file.
 */
@Command(
        name = "simulate-drops",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Copies sample files into a watched folder one by one (client tool).",
        description =
                "Copies the files of --from into --to one by one, every --every, atomically (hidden"
                        + " name, then rename).")
public final class SimulateDrops implements Callable<Integer> {
    @Option(
            names = "--from",
            required = true,
            description = "Folder with the sample files (e.g. ../shared/data/bizums).")
    Path from;

    @Option(names = "--to", required = true, description = "The watched folder.")
    Path to;

    @Option(
            names = "--every",
            converter = DurationConverter.class,
            description = "Pause between files. Default: 5s.")
    Duration every = Duration.ofSeconds(5);

    @Override
    public Integer call() throws IOException, InterruptedException {
        Files.createDirectories(to);
        List<Path> files;
        try (Stream<Path> s = Files.list(from)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            Path hidden = to.resolve("." + f.getFileName() + ".copying");
            Files.copy(f, hidden, StandardCopyOption.REPLACE_EXISTING);
            Files.move(
                    hidden,
                    to.resolve(f.getFileName()),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            System.out.println("dropped " + f.getFileName());
            if (i < files.size() - 1) Thread.sleep(every.toMillis());
        }
        return 0;
    }
}
